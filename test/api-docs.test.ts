import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from 'crm-calls-seed';

/** Every name src/index.ts exports, values and types, read from its export statements. */
function exportedNames(): string[] {
  const source = readFileSync(join(__dirname, '..', 'src', 'index.ts'), 'utf8');
  const names = [...source.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((n) => n.trim().split(' as ').pop()!.trim())
      .filter(Boolean),
  );
  return [...names, ...[...source.matchAll(/export declare const (\w+)/g)].map((m) => m[1]!)];
}

const DOCS = readFileSync(join(__dirname, '..', 'docs', 'api.md'), 'utf8');
const documented = [...DOCS.matchAll(/^### `(\w+)`$/gm)].map((m) => m[1]!);

describe('the public API is documented entry by entry (docs/api.md)', () => {
  test('every root export has its entry, with an example', () => {
    for (const name of exportedNames()) {
      expect(documented).toContain(name);
      const entry = DOCS.split(`### \`${name}\``)[1]!.split(/\n##+ /)[0]!;
      expect(entry).toMatch(/```(js|ts)\n[\s\S]*?```/);
    }
  });

  test('nothing is documented that is not exported, and every runtime export is a documented name', () => {
    expect([...documented].sort()).toEqual([...new Set(exportedNames())].sort());
    for (const name of Object.keys(api)) expect(documented).toContain(name);
  });
});
