import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_DATASETS, SETTINGS } from 'crm-calls-seed/internal';
import type { OptionsTable } from 'crm-calls-seed/internal';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const CI = readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8');

describe('the README cannot drift from the code', () => {
  // The engine's settings in docs/configuration.md; each dataset's options in docs/datasets.md (help.test.ts).
  const CONFIGURATION = readFileSync(join(__dirname, '..', 'docs', 'configuration.md'), 'utf8');
  const envs = Object.values(SETTINGS as OptionsTable).flatMap((s) => (s.env ? [s.env] : []));
  test.each(envs)('docs/configuration.md documents %s', (env) => {
    expect(CONFIGURATION).toContain(`\`${env}\``);
  });

  test('the README is a way in: at most 15 KB, every guide it links to exists', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(15 * 1024);
    for (const [, target] of README.matchAll(/\]\((docs\/[^)#]+)/g)) {
      expect(existsSync(join(__dirname, '..', target!))).toBe(true);
    }
    expect(BUILT_IN_DATASETS.map((d) => d.name).every((name) => README.includes(`\`${name}\``))).toBe(true);
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
