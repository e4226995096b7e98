import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runProcess } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData } from './support/fault-data';

const BIN = join(ROOT, 'bin', 'crm-seed.js');

type Row = [what: string, args: string[], expected: string[]];

/**
 * The CLI half of the bad-input table: flags, config-file keys and malformed input files given
 * to the real bin/crm-seed.js. Each row: exit code 2, the first line of stderr names the flag,
 * key or file and what is wrong, and neither the database (holding the app's data) nor the
 * working directory changed.
 */
const FLAG_ROWS: Row[] = [
  [
    '--batch-size 0',
    ['import', 'good.csv', '--batch-size', '0'],
    ['--batch-size must be an integer from 1 to 100,000'],
  ],
  [
    '--concurrency 17',
    ['import', 'good.csv', '--concurrency', '17'],
    ['--concurrency must be an integer from 1 to 16'],
  ],
  [
    '--tenant 0',
    ['import', 'good.csv', '--tenant', '0'],
    ['--tenant must be an integer from 1 to 2,147,483,647'],
  ],
  [
    '--ref-date 2025-02-30',
    ['import', 'good.csv', '--ref-date', '2025-02-30'],
    ['--ref-date must be an ISO date', 'no such day'],
  ],
  [
    '--counter-seq-field $seq',
    ['import', 'good.csv', '--counter-seq-field', '$seq'],
    ['--counter-seq-field must be a field name'],
  ],
  [
    '--calls above the maximum',
    ['generate', '--dry-run', '--calls', '10000001'],
    ['--calls must be an integer from 1 to 10,000,000'],
  ],
  [
    '--inbound-share 2',
    ['generate', '--dry-run', '--inbound-share', '2'],
    ['--inbound-share must be a number from 0 to 1'],
  ],
  ['--last 0', ['cleanup', '--last', '0', '--yes'], ['--last must be a whole number of calls, 1 or more']],
  ['an unknown flag', ['import', 'good.csv', '--bogus'], ["unknown option '--bogus'"]],
  [
    '--format xml',
    ['import', 'good.csv', '--format', 'xml'],
    ["'xml' is invalid. Allowed choices are jsonl, csv"],
  ],
];

const CONFIG_ROWS: Row[] = [
  [
    'an unknown key',
    ['import', 'good.csv', '--config', 'unknown-key.json'],
    ['unknown-key.json: unknown setting "calsl"; known settings: mongoUrl'],
  ],
  [
    'a bad value',
    ['import', 'good.csv', '--config', 'bad-value.json'],
    ['bad-value.json: "batchSize" must be an integer from 1 to 100,000 (got -1)'],
  ],
  ['not JSON', ['import', 'good.csv', '--config', 'not-json.json'], ['not-json.json is not valid JSON']],
  [
    'an environment-only key',
    ['import', 'good.csv', '--config', 'env-only.json'],
    ['env-only.json: "nodeEnv" cannot be set in a config file'],
  ],
];

const FILE_ROWS: Row[] = [
  [
    'a bad enum value',
    ['import', 'bad-type.csv'],
    [
      'bad-type.csv: 1 bad row, nothing imported',
      'type: Invalid option: expected one of "inbound"|"outbound"',
    ],
  ],
  [
    'a malformed date',
    ['import', 'bad-date.csv'],
    ['bad-date.csv: 1 bad row, nothing imported', 'start_time: must be an ISO timestamp'],
  ],
  [
    'an unknown column',
    ['import', 'unknown-column.csv'],
    ['unknown-column.csv: 3 bad rows, nothing imported', 'unknown field "colour"'],
  ],
  [
    'a short row',
    ['import', 'short-row.csv'],
    ['short-row.csv: 1 bad row, nothing imported', 'has 5 fields, the header has 28'],
  ],
  ['an unterminated quote', ['import', 'bad-quote.csv'], ['bad-quote.csv line 3: malformed CSV']],
  [
    'an empty file',
    ['import', 'empty.csv'],
    ['empty.csv is empty; a CSV file needs a header line naming the columns'],
  ],
  [
    'broken JSONL',
    ['import', 'broken.jsonl'],
    ['broken.jsonl: 1 bad row, nothing imported', 'not valid JSON'],
  ],
];

function writeInputs(dir: string): void {
  const good = readFileSync(join(dir, 'good.csv'), 'utf8').trimEnd().split('\n');
  const header = good[0]!.split(',');
  const withCell = (field: string, value: string): string => {
    const cells = good[2]!.split(',');
    cells[header.indexOf(field)] = value;
    return [...good.slice(0, 2), cells.join(','), ...good.slice(3)].join('\n');
  };
  writeFileSync(join(dir, 'bad-type.csv'), withCell('type', 'sideways'));
  writeFileSync(join(dir, 'bad-date.csv'), withCell('start_time', 'yesterday'));
  writeFileSync(
    join(dir, 'unknown-column.csv'),
    good.map((l, i) => `${l},${i === 0 ? 'colour' : 'red'}`).join('\n'),
  );
  writeFileSync(
    join(dir, 'short-row.csv'),
    [...good.slice(0, 3), good[3]!.split(',').slice(0, 5).join(',')].join('\n'),
  );
  writeFileSync(
    join(dir, 'bad-quote.csv'),
    [...good.slice(0, 2), `"unterminated,${good[2]!}`, good[3]].join('\n'),
  );
  writeFileSync(join(dir, 'empty.csv'), '');
  const firstCall = JSON.parse(readFileSync(join(dir, 'good.jsonl'), 'utf8').split('\n')[0]!) as object;
  writeFileSync(join(dir, 'broken.jsonl'), `${JSON.stringify(firstCall)}\n{"subject": "broken\n`);
  writeFileSync(join(dir, 'unknown-key.json'), '{"calsl": 5}');
  writeFileSync(join(dir, 'bad-value.json'), '{"batchSize": -1}');
  writeFileSync(join(dir, 'not-json.json'), '{"calls": 5,');
  writeFileSync(join(dir, 'env-only.json'), '{"nodeEnv": "development"}');
}

describe('bad flags, config files and input files given to crm-seed', () => {
  let t: TestDb;
  let dir: string;
  let before: Record<string, unknown[]>;
  let files: string[];
  const run = (args: string[]) =>
    runProcess(process.execPath, [BIN, ...args], { cwd: dir, env: { MONGO_DB: t.name } });

  beforeAll(async () => {
    t = await openTestDb('bad-cli');
    await addForeignData(t.db);
    before = await snapshotDatabase(t.db);
    dir = mkdtempSync(join(tmpdir(), 'crm-seed-bad-cli-'));
    const fixed = ['--calls', '3', '--seed', '1', '--ref-date', '2025-10-10', '-q'];
    expect(
      (await runProcess(process.execPath, [BIN, 'generate', ...fixed, '--out', 'good.csv'], { cwd: dir }))
        .code,
    ).toBe(0);
    expect(
      (await runProcess(process.execPath, [BIN, 'generate', ...fixed, '--out', 'good.jsonl'], { cwd: dir }))
        .code,
    ).toBe(0);
    writeInputs(dir);
    files = readdirSync(dir).sort();
  });
  afterAll(async () => {
    expect(await snapshotDatabase(t.db)).toEqual(before);
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.concurrent.each([...FLAG_ROWS, ...CONFIG_ROWS, ...FILE_ROWS])(
    '%s: exit 2, says what is wrong, nothing written',
    async (_what, args, expected) => {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const [first, ...rest] = result.stderr.trim().split('\n');
      expect(first).toContain(expected[0]);
      for (const detail of expected.slice(1)) expect(result.stderr).toContain(detail);
      // One line, except the list of bad rows of an input file (one line each) and commander's usage hint.
      if (!/bad rows?, nothing imported|unknown option|is invalid/.test(first!)) expect(rest).toEqual([]);
      expect(await snapshotDatabase(t.db)).toEqual(before);
      expect(readdirSync(dir).sort()).toEqual(files);
    },
  );
});
