import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';
import { runMigrate } from './support/run-process';

describe('a bad environment value', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('bad-env')));
  afterAll(async () => t.drop());

  test.each([
    ['SEED_CALLS', 'abc', 'an integer from 1 to 10,000,000'],
    ['SEED_CALLS', '0', 'an integer from 1'],
    ['SEED_TENANT_ID', '-3', 'an integer from 1'],
    ['SEED_DAYS', '2.5', 'an integer from 1 to 3,650'],
    ['SEED_REF_DATE', '2025-13-45', 'an ISO date'],
    ['SEED_BATCH_SIZE', '1e9', 'an integer from 1 to 100,000'],
    ['MONGO_URL', 'http://localhost', 'mongodb://'],
  ])('%s=%s exits non-zero with one line naming it, and writes nothing', async (name, value, allowed) => {
    const up = await runMigrate(['up'], { env: { MONGO_DB: t.name, [name]: value } });
    expect(up.code).not.toBe(0);
    const lines = up.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).toContain(allowed);
    expect(lines[0]).toContain(JSON.stringify(value));
    expect(await t.db.listCollections().toArray()).toEqual([]);
  });
});
