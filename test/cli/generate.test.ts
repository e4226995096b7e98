import { crmCalls } from 'crm-calls-seed';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InterruptedError } from 'crm-calls-seed';
import {
  activityLogSchema,
  CALL_COLUMNS,
  callSchema,
  checkDataset,
  exportDataset,
  LOG_COLUMNS,
  planOf,
  readDocRows,
} from 'crm-calls-seed/internal';
import type { ActivityLogDoc, CallDoc } from 'crm-calls-seed/internal';
import { tempDir } from './support/temp-dir';
import { cli } from './support/cli';
import { REF_DATE } from './support/seeding';

const FIXED = ['--seed', '42', '--ref-date', REF_DATE];

function jsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
}

describe('crm-seed generate --dry-run', () => {
  test('needs --out or --dry-run, and refuses both at once', async () => {
    const neither = await cli(['generate']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('generate needs --out <file>');
    const both = await cli(['generate', '--dry-run', '--out', 'x.jsonl']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '--dry-run' cannot be used with option '--out <path>'");
  });
});

describe('crm-seed generate: the summary agrees with the data it describes', () => {
  test('scheduled = the days after the reference day + that day’s later calls, counted in the file', async () => {
    // Early in the day, so most of the reference day's calls are still to come: 15% drawn for
    // the days after, yet about a quarter of the calls scheduled.
    const dir = tempDir();
    const refDate = '2025-10-10T09:00:00.000Z';
    const { code, stdout } = await cli(
      ['generate', '--calls', '500', '--seed', '42', '--ref-date', refDate, '--out', 'calls.jsonl'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    const calls = jsonLines<CallDoc>(join(dir, 'calls.jsonl'));
    const scheduled = calls.filter((c) => c.closed === 0);
    const onRefDay = calls.filter((c) => c.start_time.startsWith('2025-10-10'));
    const later = scheduled.filter((c) => c.start_time.startsWith('2025-10-10')).length;
    const after = scheduled.filter((c) => c.start_time >= '2025-10-11').length;
    expect(after + later).toBe(scheduled.length);
    const pct = (n: number): string => `${Math.round((n / 500) * 100)}%`;

    expect(stdout).toContain(
      'window: the 30 days before 2025-10-10T09:00:00.000Z and the 7 after; start times drawn 15% in the 7 days after (--future-share), 10% on the reference day, 75% before it',
    );
    expect(stdout).toContain(
      `past/closed ${500 - scheduled.length} (${pct(500 - scheduled.length)}), scheduled ${scheduled.length} (${pct(scheduled.length)}),`,
    );
    expect(stdout).toContain(
      `scheduled ${scheduled.length} = ${after} (${pct(after)}) in the days after 2025-10-10 + ${later} (${pct(later)}) later that day, after 09:00:00.000Z (of its ${onRefDay.length} calls)`,
    );
    // What the window says was drawn is what the days after hold; the rest comes from the day itself.
    expect(Math.abs(after / 500 - 0.15)).toBeLessThan(0.03);
    expect(scheduled.length / 500).toBeGreaterThan(0.2);
  });
});

describe('crm-seed generate --out', () => {
  test('JSONL: one valid call per line, logs linked to them, the same at any chunk size', async () => {
    const dir = tempDir();
    const run = (name: string, batchSize: string) =>
      cli(
        [
          'generate',
          '--calls',
          '230',
          '--out',
          `${name}.jsonl`,
          '--logs-out',
          `${name}-logs.jsonl`,
          '--batch-size',
          batchSize,
          ...FIXED,
        ],
        { cwd: dir },
      );
    expect((await run('a', '1000')).code).toBe(0);
    expect((await run('b', '7')).code).toBe(0);

    const calls = jsonLines<CallDoc>(join(dir, 'a.jsonl'));
    const logs = jsonLines<ActivityLogDoc>(join(dir, 'a-logs.jsonl'));
    expect(calls).toHaveLength(230);
    expect(logs).toHaveLength(230);
    for (const call of calls) expect(callSchema.safeParse(call).success).toBe(true);
    for (const log of logs) expect(activityLogSchema.safeParse(log).success).toBe(true);
    expect(logs.map((l) => l.entity_id)).toEqual(calls.map((c) => c.id));
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'a.jsonl'), 'utf8'));
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  test('CSV: a header of schema fields, logs with dotted metadata columns, rows that read back valid', async () => {
    const dir = tempDir();
    const { code } = await cli(
      ['generate', '--calls', '120', '--out', 'calls.csv', '--logs-out', 'logs.csv', ...FIXED],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'calls.csv'), 'utf8').split('\n')[0]).toBe(CALL_COLUMNS.join(','));
    expect(readFileSync(join(dir, 'logs.csv'), 'utf8').split('\n')[0]).toBe(LOG_COLUMNS.join(','));
    expect(LOG_COLUMNS).toContain('metadata.start_time');
    let rows = 0;
    for await (const entry of readDocRows(join(dir, 'calls.csv'), 'csv')) {
      expect('row' in entry).toBe(true);
      rows++;
    }
    expect(rows).toBe(120);
  });

  test('--format overrides the extension; an unknown extension without it is refused', async () => {
    const dir = tempDir();
    expect(
      (await cli(['generate', '--calls', '3', '--out', 'calls.txt', '--format', 'csv'], { cwd: dir })).code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'calls.txt'), 'utf8').startsWith('id,ukey,')).toBe(true);
    const unknown = await cli(['generate', '--calls', '3', '--out', 'calls.txt'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cannot tell the format of "calls.txt"');
  });

  test('never overwrites a file unless --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calls.jsonl'), 'precious\n');
    const refused = await cli(['generate', '--calls', '3', '--out', 'calls.jsonl'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'crm-seed: calls.jsonl already exists; choose another file or pass --force to overwrite it\n',
    );
    expect(readFileSync(join(dir, 'calls.jsonl'), 'utf8')).toBe('precious\n');
    expect(
      (await cli(['generate', '--calls', '3', '--out', 'calls.jsonl', '--force'], { cwd: dir })).code,
    ).toBe(0);
    expect(jsonLines(join(dir, 'calls.jsonl'))).toHaveLength(3);
  });

  test('generation options shape the data: tenant, user, date range, shares, replaced value lists', async () => {
    const dir = tempDir();
    const { code } = await cli(
      [
        'generate',
        '--calls',
        '300',
        '--out',
        'calls.jsonl',
        '--tenant',
        '7',
        '--user',
        '3',
        '--from',
        '2025-03-01',
        '--to',
        '2025-03-15',
        '--inbound-share',
        '1',
        '--values-mode',
        'replace',
        '--subjects',
        'Alpha,Beta',
        '--results',
        'Done',
        ...FIXED,
      ],
      { cwd: dir },
    );
    expect(code).toBe(0);
    const calls = jsonLines<CallDoc>(join(dir, 'calls.jsonl'));
    for (const call of calls) {
      expect(call).toMatchObject({ tenant_id: 7, user_id: 3, add_by: 3, type: 'inbound' });
      expect(['Alpha', 'Beta']).toContain(call.subject);
      expect(call.start_time >= '2025-03-01' && call.start_time < '2025-03-15').toBe(true);
      if (call.closed === 1) expect(call.result).toBe('Done');
    }
    expect(new Set(calls.map((c) => c.subject)).size).toBe(2);
  });

  test('a bad generation flag is exit 2 naming the flag, and nothing is written', async () => {
    const dir = tempDir();
    const { code, stderr } = await cli(['generate', '--calls', '0', '--out', 'calls.jsonl'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('crm-seed: --calls must be an integer from 1 to 10,000,000 (got "0")\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('generate progress', () => {
  test('plain lines on stderr when it is not a terminal; nothing at all with --quiet', async () => {
    const dir = tempDir();
    const loud = await cli(['generate', '--calls', '3000', '--out', 'a.jsonl', '--batch-size', '100'], {
      cwd: dir,
    });
    expect(loud.code).toBe(0);
    const lines = loud.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(line).toMatch(/^writing: \d+% \([\d,]+\/3,000 calls, [\d,]+\/s\)$/);
    expect(lines[lines.length - 1]).toContain('100% (3,000/3,000');

    const quiet = await cli(['generate', '--calls', '3000', '--out', 'b.jsonl', '--quiet'], { cwd: dir });
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('generate stopped by its signal', () => {
  test('stops between chunks, removes its partial files and says where; an existing file stays', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calls.jsonl'), 'kept\n');
    const controller = new AbortController();
    const stop = exportDataset({
      plan: planOf(crmCalls, { calls: 5000 }, { batch: 'generated' }),
      targets: {
        calls: { path: join(dir, 'calls.jsonl'), name: 'calls.jsonl', format: 'jsonl' },
        activity_logs: { path: join(dir, 'logs.csv'), name: 'logs.csv', format: 'csv' },
      },
      format: 'jsonl',
      overwrite: true,
      chunkSize: 100,
      // Aborted once the third chunk is written, as a SIGINT handler would.
      onProgress: (n: number) => (n === 300 ? controller.abort('SIGINT') : undefined),
      signal: controller.signal,
    });
    await expect(stop).rejects.toThrow(InterruptedError);
    await expect(stop).rejects.toMatchObject({
      code: 'INTERRUPTED',
      reason: 'SIGINT',
      outcome: expect.stringMatching(
        new RegExp(
          `^generate stopped at 300 of 5,000 calls; removed its partial files calls\\.jsonl\\.${process.pid}-[0-9a-f]{6}\\.partial, logs\\.csv\\.${process.pid}-[0-9a-f]{6}\\.partial in ${dir}; no output file was written$`,
        ),
      ) as unknown,
    });
    expect(readdirSync(dir)).toEqual(['calls.jsonl']);
    expect(readFileSync(join(dir, 'calls.jsonl'), 'utf8')).toBe('kept\n');
  });
});

test('a dataset whose collections are named after members of every object ("constructor", "__proto__") exports both, with samples', async () => {
  const spec = {
    name: 'odd-names',
    links: [],
    linkNames: [],
    collections: [
      { name: 'constructor', count: 3, make: ({ id }: { id: unknown }) => ({ id, t: 'x' }) },
      {
        name: '__proto__',
        per: 'constructor',
        count: 1,
        parentField: 'p',
        make: ({ id, parent }: { id: unknown; parent?: Record<string, unknown> }) => ({
          id,
          p: parent?.['id'],
        }),
      },
    ],
  };
  const plan = {
    batch: 'b',
    seed: 1,
    refDate: new Date(REF_DATE),
    spec,
    totals: checkDataset(spec, 'test'),
    existing: new Map(),
  };
  const dir = tempDir();
  const result = await exportDataset({ plan, dir, format: 'jsonl', overwrite: false, chunkSize: 2 });
  expect(result.collections.map((c) => [c.name, c.count])).toEqual([
    ['constructor', 3],
    ['__proto__', 3],
  ]);
  expect(Object.keys(result.samples)).toEqual(['constructor', '__proto__']);
  expect(result.samples['__proto__']).toEqual({ id: 1, p: 1, seed_batch: 'b' });
  expect(readdirSync(dir).sort()).toEqual(['__proto__.jsonl', 'constructor.jsonl']);
});
