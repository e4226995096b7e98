import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMigrate } from './support/run-process';

/**
 * `npx migrate-mongo create <name>` copies seeds/sample-migration.ts, a seed file that
 * `npm run typecheck` and `npm run lint` check like every file in seeds/.
 */
test('npx migrate-mongo create writes a seed file from the seeds/ template', async () => {
  const created = await runMigrate(['create', 'calls-for-tenant-4']);
  const match = /Created: seeds\/(\d{14}-calls-for-tenant-4\.ts)/.exec(created.stdout);
  expect(match).not.toBeNull();
  const file = join(ROOT, 'seeds', match![1]!);
  try {
    expect(created.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(ROOT, 'seeds', 'sample-migration.ts'), 'utf8'));
    expect(readFileSync(file, 'utf8')).toContain('export = defineCallSeed(__filename, { calls: 500 });');
  } finally {
    rmSync(file, { force: true });
  }
});
