import { MAX_DOCUMENTS as MAX_CALLS } from 'crm-calls-seed/internal';
import { runMigrate } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData } from './support/fault-data';

const PASSWORD = 'Sup3rSecret';

/**
 * Every row: `npm run migrate -- up` with one bad environment value exits non-zero with one
 * line that names the variable and says what is allowed, and the database (holding the app's
 * data) is unchanged. Counts are capped at MAX_CALLS.
 */
const ENV_ROWS: [env: Record<string, string>, names: string, allowed: string][] = [
  [{ SEED_CALLS: '0' }, 'SEED_CALLS', 'an integer from 1 to 10,000,000'],
  [{ SEED_CALLS: '-5' }, 'SEED_CALLS', 'an integer from 1 to 10,000,000'],
  [{ SEED_CALLS: '12.5' }, 'SEED_CALLS', 'an integer from 1 to 10,000,000'],
  [{ SEED_CALLS: String(MAX_CALLS + 1) }, 'SEED_CALLS', 'an integer from 1 to 10,000,000'],
  [{ SEED_CALLS: '1e6' }, 'SEED_CALLS', 'an integer from 1 to 10,000,000'],
  [{ SEED_CALLS: 'ten' }, 'SEED_CALLS', 'an integer from 1 to 10,000,000'],
  [{ SEED_TENANT_ID: '0' }, 'SEED_TENANT_ID', 'an integer from 1 to 2,147,483,647'],
  [{ SEED_TENANT_ID: '2147483648' }, 'SEED_TENANT_ID', 'an integer from 1 to 2,147,483,647'],
  [{ SEED_USER_ID: '-1' }, 'SEED_USER_ID', 'an integer from 1 to 2,147,483,647'],
  [{ SEED_DAYS: '0' }, 'SEED_DAYS', 'an integer from 1 to 3,650'],
  [{ SEED_DAYS: '3651' }, 'SEED_DAYS', 'an integer from 1 to 3,650'],
  [{ SEED_FROM: '2025-02-30' }, 'SEED_FROM', 'an ISO date such as 2025-10-10'],
  [{ SEED_FROM: '10/10/2025' }, 'SEED_FROM', 'an ISO date such as 2025-10-10'],
  [{ SEED_REF_DATE: '2025-10-10T25:00' }, 'SEED_REF_DATE', 'an ISO date such as 2025-10-10'],
  [{ SEED_TO: '2025-01-01' }, 'SEED_TO', 'needs SEED_FROM'],
  [{ SEED_FROM: '2025-02-01', SEED_TO: '2025-01-01' }, 'SEED_FROM', 'must be before SEED_TO'],
  [{ SEED_RANDOM_SEED: '-1' }, 'SEED_RANDOM_SEED', 'an integer from 0 to 4,294,967,295'],
  [{ SEED_RANDOM_SEED: '4294967296' }, 'SEED_RANDOM_SEED', 'an integer from 0 to 4,294,967,295'],
  [{ SEED_INBOUND_SHARE: '1.5' }, 'SEED_INBOUND_SHARE', 'a number from 0 to 1'],
  [{ SEED_FUTURE_SHARE: '-0.1' }, 'SEED_FUTURE_SHARE', 'a number from 0 to 1'],
  [{ SEED_OWN_SHARE: 'half' }, 'SEED_OWN_SHARE', 'a number from 0 to 1'],
  [{ SEED_BATCH_SIZE: '0' }, 'SEED_BATCH_SIZE', 'an integer from 1 to 100,000'],
  [{ SEED_BATCH_SIZE: '100001' }, 'SEED_BATCH_SIZE', 'an integer from 1 to 100,000'],
  [{ SEED_CONCURRENCY: '17' }, 'SEED_CONCURRENCY', 'an integer from 1 to 16'],
  [
    { SEED_COUNTERS_COLLECTION: 'my counters' },
    'SEED_COUNTERS_COLLECTION',
    'a collection name of 1-63 letters',
  ],
  [{ SEED_COUNTER_SEQ_FIELD: '$seq' }, 'SEED_COUNTER_SEQ_FIELD', 'a field name of 1-63 letters'],
  [{ SEED_ALLOW_PRODUCTION: 'yes' }, 'SEED_ALLOW_PRODUCTION', '1, 0, true or false'],
  [{ SEED_PRODUCTION_PATTERN: '(' }, 'SEED_PRODUCTION_PATTERN', 'a valid regular expression'],
  [{ SEED_VALUES_MODE: 'merge' }, 'SEED_VALUES_MODE', 'one of extend, replace'],
  [{ SEED_SUBJECTS: ' , ,' }, 'SEED_SUBJECTS', 'a non-empty list of non-empty strings'],
  [{ MONGO_DB: 'crm db' }, 'MONGO_DB', "a database name of 1-63 letters, digits, '_' or '-'"],
  [{ MONGO_DB: 'crm/other' }, 'MONGO_DB', "a database name of 1-63 letters, digits, '_' or '-'"],
  [{ MONGO_URL: 'http://localhost:27017' }, 'MONGO_URL', 'a connection string starting with mongodb://'],
  [
    { MONGO_URL: `mongodb://seeder:${PASSWORD}@127.0.0.1:99999` },
    'MONGO_URL',
    'a connection string starting with mongodb://',
  ],
  [
    { MONGO_URL: `mongodb://seeder:${PASSWORD}@localhost/?bogusOption=1` },
    'MONGO_URL',
    'option bogusoption is not supported',
  ],
  [{ NODE_ENV: 'two words' }, 'NODE_ENV', 'a NODE_ENV value of 1-63 letters'],
];

describe('a bad environment value given to npm run migrate -- up', () => {
  let t: TestDb;
  let before: Record<string, unknown[]>;
  beforeAll(async () => {
    t = await openTestDb('bad-input');
    await addForeignData(t.db);
    before = await snapshotDatabase(t.db);
  });
  afterAll(async () => {
    // Checked once more after every row ran: nothing was written by any of them.
    expect(await snapshotDatabase(t.db)).toEqual(before);
    await t.drop();
  });

  test.concurrent.each(ENV_ROWS)(
    '%j: exit code, one line naming %s, nothing written',
    async (env, name, allowed) => {
      const up = await runMigrate(['up'], { env: { MONGO_DB: t.name, ...env } });
      expect(up.code).not.toBe(0);
      expect(up.stdout).toBe('');
      const lines = up.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
      expect(lines[0]).toContain(allowed);
      expect(up.stderr).not.toContain(PASSWORD);
      expect(await snapshotDatabase(t.db)).toEqual(before);
    },
  );
});
