import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../support/run-process';
import { SEED_FILE } from './host';
import type { EarlierMigration, HostSpec } from './host';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's example seed file for another repository (CommonJS), run as it stands so the docs cannot drift. */
export function readmeCommonJsSeed(): string {
  const block = /```js\n(\/\/ migrations\/(\S+)\n[^`]*defineCallSeed[^`]*)```/.exec(README);
  if (!block) throw new Error('README: no ```js block with the example seed file for another repository');
  if (block[2] !== SEED_FILE)
    throw new Error(`README: the example seed file is ${block[2]}, not ${SEED_FILE}`);
  return block[1]!;
}

/** The README's seed file "from ES modules and TypeScript", run as it stands in an ES module host. */
export function readmeEsmSeed(): string {
  const block = /```ts\n([^`]*import\.meta\.filename[^`]*)```/.exec(README);
  if (!block) throw new Error('README: no ```ts block with a seed file using import.meta.filename');
  return block[1]!;
}

/**
 * The README's bootstrap script ("From a bootstrap script"), as printed there; in an ES module
 * host its two `require`s become the equivalent imports, nothing else changes.
 */
export function readmeBootstrapScript(moduleSystem: 'commonjs' | 'esm'): string {
  const section = README.split('### From a bootstrap script')[1]?.split('\n## ')[0] ?? '';
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no ```js block under "From a bootstrap script"');
  const script = block[1]!;
  if (moduleSystem === 'commonjs') return script;
  const requires = /^const (\{[^}]*\}) = require\(('[^']+')\);$/gm;
  if ((script.match(requires) ?? []).length !== 2)
    throw new Error('README: the bootstrap script has not two requires');
  return script.replace(requires, 'import $1 from $2;');
}

/** An ordinary migration of the host's own (CommonJS), beside the seed. */
const FEATURE_FLAG_CJS: EarlierMigration = {
  file: '20250101000000-add-feature-flag.js',
  content: `module.exports = {
  async up(db) { await db.collection('feature_flags').insertOne({ key: 'calls-v2', on: true }); },
  async down(db) { await db.collection('feature_flags').deleteOne({ key: 'calls-v2' }); },
};
`,
  collection: 'feature_flags',
  filter: { key: 'calls-v2' },
  count: 1,
};

const TASKS_BATCH = '20250101000000-tasks';

/**
 * The first seed of hosts e and f: a dataset of the team's own with ObjectId ids, so BSON
 * values cross from one driver copy to the other (the host's, migrate-mongo's).
 */
const TASKS_SEED: EarlierMigration = {
  file: `${TASKS_BATCH}.js`,
  content: `const { defineSeed } = require('crm-calls-seed');

module.exports = defineSeed(__filename, {
  collections: [
    {
      name: 'tasks',
      count: 50,
      ids: 'objectId',
      make: ({ index, random }) => ({ title: \`Task \${index}\`, done: random.bool(0.3) }),
    },
  ],
});
`,
  collection: 'tasks',
  filter: { seed_batch: TASKS_BATCH },
  count: 50,
};

/** A CommonJS config that reads the server and database from the environment. */
function commonJsConfig(fields: string): string {
  return `module.exports = {
  mongodb: { url: process.env.MONGO_URL, databaseName: process.env.TEAM_DB, options: {} },
${fields}};
`;
}

/**
 * A host whose migrate-mongo comes from elsewhere (a global install, or npx), so the driver
 * migrate-mongo connects with is its own copy, not the host's: the Db the seed gets and the
 * host's `mongodb` are two copies, of the same version or of two majors.
 */
function migrateMongoElsewhere(
  id: string,
  title: string,
  driver: string,
  from: { global: string } | { npx: string },
): HostSpec {
  return {
    id,
    title,
    packages: [driver],
    migrateMongo: from,
    moduleSystem: 'commonjs',
    config: commonJsConfig(`  migrationsDir: 'migrations',
  changelogCollectionName: 'migrations_log',
  migrationFileExtension: '.js',
`),
    migrationsDir: 'migrations',
    changelog: 'migrations_log',
    useFileHash: false,
    earlier: [TASKS_SEED],
    seedFile: readmeCommonJsSeed(),
  };
}

/** The consumer matrix: who installs the package, and how. */
export const HOSTS: readonly HostSpec[] = [
  {
    id: 'a',
    title: '(a) newest mongodb 7.x, migrate-mongo 14, CommonJS, its own changelog name and useFileHash',
    packages: ['mongodb@7', 'migrate-mongo@14'],
    migrateMongo: 'host',
    moduleSystem: 'commonjs',
    config: commonJsConfig(`  migrationsDir: 'db/migrations',
  changelogCollectionName: 'seed_changelog',
  lockCollectionName: 'migrations_lock',
  lockTtl: 0,
  migrationFileExtension: '.js',
  useFileHash: true,
  moduleSystem: 'commonjs',
`),
    migrationsDir: 'db/migrations',
    changelog: 'seed_changelog',
    useFileHash: true,
    earlier: [FEATURE_FLAG_CJS],
    seedFile: readmeCommonJsSeed(),
  },
  {
    id: 'b',
    title: '(b) the oldest the peer ranges claim: mongodb 6.0.0, migrate-mongo 11.0.0, its init template',
    packages: ['mongodb@6.0.0', 'migrate-mongo@11.0.0'],
    migrateMongo: 'host',
    moduleSystem: 'commonjs',
    // The fields of migrate-mongo 11's `init` template (it has no lock settings).
    config: commonJsConfig(`  migrationsDir: 'migrations',
  changelogCollectionName: 'changelog',
  migrationFileExtension: '.js',
  useFileHash: false,
  moduleSystem: 'commonjs',
`),
    migrationsDir: 'migrations',
    changelog: 'changelog',
    useFileHash: false,
    earlier: [],
    seedFile: readmeCommonJsSeed(),
  },
  {
    id: 'c',
    title: '(c) an ES module host: "type": "module", export default config, moduleSystem esm',
    packages: ['mongodb@7', 'migrate-mongo@14'],
    packageJson: { type: 'module' },
    migrateMongo: 'host',
    moduleSystem: 'esm',
    config: `export default {
  mongodb: { url: process.env.MONGO_URL, databaseName: process.env.TEAM_DB, options: {} },
  migrationsDir: 'migrations',
  changelogCollectionName: 'esm_changelog',
  lockTtl: 0,
  migrationFileExtension: '.js',
  useFileHash: true,
  moduleSystem: 'esm',
};
`,
    migrationsDir: 'migrations',
    changelog: 'esm_changelog',
    useFileHash: true,
    earlier: [
      {
        ...FEATURE_FLAG_CJS,
        content: `export async function up(db) {
  await db.collection('feature_flags').insertOne({ key: 'calls-v2', on: true });
}
export async function down(db) {
  await db.collection('feature_flags').deleteOne({ key: 'calls-v2' });
}
`,
      },
    ],
    seedFile: readmeEsmSeed(),
  },
  migrateMongoElsewhere(
    'e',
    '(e) migrate-mongo 14 installed globally, run in the host (mongodb 7.x, a second copy), changelog migrations_log, two seed files',
    'mongodb@7',
    { global: 'migrate-mongo@14' },
  ),
  migrateMongoElsewhere(
    'f',
    '(f) the same with `npx migrate-mongo@14` and the host on mongodb 6.x: npx’s driver is 7.x, BSON values of two majors',
    'mongodb@6',
    { npx: 'migrate-mongo@14' },
  ),
];
