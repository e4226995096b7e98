import { freePort } from '../../scripts/ferretdb-server';
import { cli, runBin } from './support/cli';

describe('errors: one line on stderr, distinct exit codes, no passwords', () => {
  test('an unreachable server is exit 3: one line, or the stack with --verbose; the password masked', async () => {
    const url = `mongodb://admin:s3cret-pw@127.0.0.1:${await freePort()}`;
    // Both wait for the 5 s connect timeout: run side by side.
    const [plain, verbose] = await Promise.all([
      runBin(['stats', '--mongo-url', url]),
      runBin(['verify', '--mongo-url', url, '--verbose']),
    ]);
    expect(plain.code).toBe(3);
    expect(plain.stdout).toBe('');
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).toMatch(
      /^crm-seed: cannot reach MongoDB at mongodb:\/\/admin:\*\*\*@127\.0\.0\.1:\d+/,
    );

    expect(verbose.code).toBe(3);
    expect(verbose.stderr).toMatch(/^DatabaseError: cannot reach MongoDB/m);
    expect(verbose.stderr).toMatch(/^\s+at /m);
    expect(verbose.stderr).toMatch(/caused by: Mongo(ServerSelection|Network)Error/);
    for (const output of [plain.stdout, plain.stderr, verbose.stdout, verbose.stderr]) {
      expect(output).not.toContain('s3cret-pw');
    }
  });

  test('bad flags and environment values are exit 2, naming the flag or variable', async () => {
    const flag = await cli(['stats', '--mongo-url', 'http://localhost']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^crm-seed: --mongo-url must be a connection string starting with mongodb:\/\//,
    );

    const env = await runBin(['import', 'calls.csv'], { env: { SEED_BATCH_SIZE: 'lots' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toBe('crm-seed: SEED_BATCH_SIZE must be an integer from 1 to 100,000 (got "lots")\n');
  });

  test.each(['no-such-file.csv', 'no-such-file.jsonl'])(
    'a missing import file (%s) is exit 2',
    async (file) => {
      const { code, stderr } = await cli(['import', file, '--db', 'irrelevant']);
      expect(code).toBe(2);
      expect(stderr).toBe(`crm-seed: cannot read ${file}: no such file\n`);
    },
  );
});
