import { freePort } from '../../scripts/ferretdb-server';
import { runMigrate } from '../support/run-process';
import { BATCH } from './support/fault-data';
import { startAuthServer } from './support/auth-server';
import type { AuthServer } from './support/auth-server';

const USER = 'seeder';
const PASSWORD = 'Sup3rSecret-42';

function expectOneLineWithoutPassword(run: { stdout: string; stderr: string }): string {
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('connection problems', () => {
  test('a refused connection (nothing listening) fails at once with one line, the password masked', async () => {
    const port = await freePort(); // nothing listens there
    const started = Date.now();
    const up = await runMigrate(['up'], {
      env: { MONGO_URL: `mongodb://${USER}:${PASSWORD}@127.0.0.1:${port}`, MONGO_DB: 'unreachable' },
      timeoutMs: 30_000,
    });
    const elapsedMs = Date.now() - started;
    expect(up.code).not.toBe(0);
    expect(expectOneLineWithoutPassword(up)).toMatch(
      new RegExp(
        `cannot reach MongoDB at mongodb://${USER}:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(refused at once: nothing listens there\\) .*; is the server running\\? Set MONGO_URL`,
      ),
    );
    // Refused at once, not after server selection's 5 s: what remains is migrate-mongo's start-up.
    expect(elapsedMs).toBeLessThan(4_000);
  });

  describe('against a server that requires authentication', () => {
    let server: AuthServer;
    beforeAll(async () => (server = await startAuthServer(USER, PASSWORD)));
    afterAll(async () => server.stop());
    const url = (credentials: string) => `mongodb://${credentials}${server.host}/?authSource=admin`;

    test('a wrong password gives an authentication message that does not show it', async () => {
      const wrong = 'Wr0ng-Pa55';
      const up = await runMigrate(['up'], {
        env: { MONGO_URL: url(`${USER}:${wrong}@`), MONGO_DB: 'auth_test' },
      });
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).not.toContain(wrong);
      expect(expectOneLineWithoutPassword(up)).toMatch(
        new RegExp(
          `authentication failed at mongodb://${USER}:\\*\\*\\*@.*: check the user name and password in MONGO_URL`,
        ),
      );
    });

    test('no credentials at all give the same authentication message, not a stack trace', async () => {
      const up = await runMigrate(['up'], { env: { MONGO_URL: url(''), MONGO_DB: 'auth_test' } });
      expect(up.code).not.toBe(0);
      expect(expectOneLineWithoutPassword(up)).toMatch(
        /authentication failed at .*: check the user name and password in MONGO_URL/,
      );
    });

    test('the right credentials work, and the summary prints the URL with the password masked', async () => {
      const env = { MONGO_URL: url(`${USER}:${PASSWORD}@`), MONGO_DB: 'auth_test', SEED_CALLS: '100' };
      const up = await runMigrate(['up'], { env });
      expect(up.code).toBe(0);
      expect(up.stdout).toContain(
        `Seeded batch ${BATCH} into auth_test at mongodb://${USER}:***@${server.host}`,
      );
      expect(up.stdout + up.stderr).not.toContain(PASSWORD);
      const down = await runMigrate(['down'], { env });
      expect(down.code).toBe(0);
      expect(down.stdout + down.stderr).not.toContain(PASSWORD);
    });
  });
});
