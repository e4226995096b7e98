import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMigrate } from './support/run-process';

/**
 * `npx migrate-mongo create <name>` copies seeds/sample-migration.ts, a seed file that
 * `npm run typecheck` and `npm run lint` check like every file in seeds/. The README explains
 * the template, so that the template itself carries no comment into the files made from it.
 */
test('npx migrate-mongo create writes a seed file from the seeds/ template', async () => {
  const created = await runMigrate(['create', 'calls-for-tenant-4']);
  const match = /Created: seeds\/(\d{14}-calls-for-tenant-4\.ts)/.exec(created.stdout);
  expect(match).not.toBeNull();
  const file = join(ROOT, 'seeds', match![1]!);
  try {
    expect(created.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(readFileSync(join(ROOT, 'seeds', 'sample-migration.ts'), 'utf8'));
    expect(text).toContain('export = defineCallSeed(__filename, { calls: 500 });');
    // The template explains nothing about itself: no comment ends up in every created seed file.
    expect(text).not.toMatch(/\/\/|\/\*/);
    expect(text).not.toMatch(/template|sample-migration/i);
  } finally {
    rmSync(file, { force: true });
  }
});
