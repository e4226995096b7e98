import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_DATASETS, SETTINGS } from 'crm-calls-seed/internal';
import type { OptionsTable } from 'crm-calls-seed/internal';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const CI = readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8');

describe('the README cannot drift from the code', () => {
  const tables: OptionsTable[] = [SETTINGS, ...BUILT_IN_DATASETS.map((d) => d.options ?? {})];
  const envs = tables.flatMap((table) => Object.values(table).flatMap((s) => (s.env ? [s.env] : [])));
  test.each([...new Set(envs)])('documents %s', (env) => {
    expect(README).toContain(`\`${env}\``);
  });

  test('the quick start runs scripts that exist, and CI runs the README test command', () => {
    const quickStart = README.split('## Quick start')[1]!.split('##')[0]!;
    for (const [, script] of quickStart.matchAll(/npm (?:run ([\w:-]+)|(test))/g)) {
      if (script) expect(PACKAGE.scripts[script]).toBeDefined();
    }
    expect(quickStart).toContain('npm ci && npm test');
    expect(CI).toMatch(/^npm test$/m);
  });

  test('CI runs every test script; each runs jest with --ci (a missing snapshot fails instead of being written)', () => {
    const scripts = Object.keys(PACKAGE.scripts).filter((name) => /^test(:|$)/.test(name));
    expect(scripts.sort()).toEqual(['test', 'test:consumer', 'test:faults', 'test:scale', 'test:unit']);
    for (const name of scripts) {
      expect(PACKAGE.scripts[name]).toMatch(/^jest --ci /);
      if (name !== 'test') expect(CI).toMatch(new RegExp(`^npm run ${name}$`, 'm'));
      // Listed under Development: `npm test`, `npm run test:unit`, or `test:scale` after another.
      expect(README).toMatch(name === 'test' ? /`npm test`/ : new RegExp(`\`(npm run )?${name}\``));
    }
  });
});
