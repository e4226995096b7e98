// Dependency rules for src/, checked by `npm run lint` (depcruise src --config .dependency-cruiser.cjs).
//
// Layers, arrows only downward:
//   adapters/cli, adapters/migrate-mongo, adapters/api   (never each other)
//   adapters/*.ts                          (what the edges share; never an adapter folder)
//   datasets                               (each dataset's folder: the engine below, never adapters)
//   inspect, operations                    (the engine's operations: never config, datasets, adapters)
//   config                                 (settings: never inspect, operations, datasets, adapters)
//   write, files                           (never config, inspect, operations, datasets, adapters)
//   generate                               (schema and the leaves only)
//   schema                                 (the leaves only)
//   errors.ts, logger.ts, redact.ts,       (leaves: each other only)
//   version.ts
// src/index.ts is the public entry: it imports every layer and nothing imports it. The engine
// (generate, write, files, inspect, operations, config, schema) never names a dataset: it runs
// whatever dataset it is handed; only the edges do.
// Type-only imports count everywhere (tsPreCompilationDeps), cycles included. Every module of
// src/ belongs to one of these layers: a new folder gets its place here first.

const LEAVES = '^src/(errors|logger|redact|version)[.]ts$';
const ADAPTERS = '^src/adapters/';
const LAYERS = [
  LEAVES,
  '^src/index[.]ts$',
  '^src/(schema|generate|datasets|write|files|config|inspect|operations)/',
  '^src/adapters/(cli|migrate-mongo|api)/',
  '^src/adapters/[^/]+[.]ts$',
];

/** A rule: modules matching `from` may not import modules matching `to` (regexes). */
function layer(name, comment, from, to) {
  return { name, comment, severity: 'error', from, to };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'src-module-in-a-layer',
      comment:
        'This module is in none of the layers at the top of .dependency-cruiser.cjs, so no layering ' +
        'rule applies to it: add its folder to a layer (and to LAYERS) there.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS },
      to: {},
    },
    {
      name: 'no-circular',
      comment:
        'Import cycle (type-only imports count too). Move the shared types/constants down into a ' +
        'module both sides may import, e.g. a *-options.ts next to a command and its action.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    layer(
      'leaves-import-only-leaves',
      'errors.ts, logger.ts, redact.ts and version.ts are the bottom layer: they import only each other.',
      { path: LEAVES },
      { path: '^src/', pathNot: LEAVES },
    ),
    layer(
      'schema-imports-only-leaves',
      'src/schema is below src/generate: it imports only errors/logger/redact.',
      { path: '^src/schema/' },
      { path: '^src/', pathNot: ['^src/schema/', LEAVES] },
    ),
    layer(
      'generate-imports-only-schema-and-leaves',
      'src/generate imports only src/schema and errors/logger/redact.',
      { path: '^src/generate/' },
      { path: '^src/', pathNot: ['^src/(generate|schema)/', LEAVES] },
    ),
    layer(
      'write-files-not-upward',
      'src/write and src/files may import schema, generate and the leaves (and each other), never ' +
        'config, inspect, operations, datasets, adapters or the package entry.',
      { path: '^src/(write|files)/' },
      { path: ['^src/(config|inspect|operations|datasets|adapters)/', '^src/index[.]ts$'] },
    ),
    layer(
      'engine-not-to-datasets',
      'The engine runs whatever dataset it is handed, through the contract in src/generate/dataset.ts: ' +
        'generate, write, files, inspect, operations, config and schema never import src/datasets. ' +
        'Only the edges (adapters, the package entry) name a dataset.',
      { path: '^src/(generate|write|files|inspect|operations|config|schema)/' },
      { path: '^src/datasets/' },
    ),
    layer(
      'datasets-not-to-adapters',
      'A dataset is a plugin of the engine: it may use the engine, never the adapters or the package entry.',
      { path: '^src/datasets/' },
      { path: [ADAPTERS, '^src/index[.]ts$'] },
    ),
    layer(
      'config-not-upward',
      'src/config may import write (production-guard), files, schema, generate and the leaves, never ' +
        'inspect, operations, adapters or the package entry.',
      { path: '^src/config/' },
      { path: ['^src/(inspect|operations|adapters)/', '^src/index[.]ts$'] },
    ),
    layer(
      'inspect-operations-not-to-adapters',
      'src/inspect and src/operations are library code: adapters call them, not the other way; and ' +
        'they take a run plan built at the edge, never the settings themselves (src/config).',
      { path: '^src/(inspect|operations)/' },
      { path: [ADAPTERS, '^src/config/', '^src/index[.]ts$'] },
    ),
    layer(
      'cli-not-to-migrate-mongo',
      'The two adapters are independent: the CLI does not import the migrate-mongo adapter.',
      { path: '^src/adapters/cli/' },
      { path: '^src/adapters/migrate-mongo/' },
    ),
    layer(
      'migrate-mongo-not-to-cli',
      'The two adapters are independent: the migrate-mongo adapter does not import the CLI.',
      { path: '^src/adapters/migrate-mongo/' },
      { path: '^src/adapters/cli/' },
    ),
    layer(
      'shared-edge-not-to-adapters',
      'src/adapters/*.ts hold what both adapters share (signal handling, the unreachable hint): they import neither adapter.',
      { path: '^src/adapters/[^/]+[.]ts$' },
      { path: '^src/adapters/(cli|migrate-mongo|api)/' },
    ),
    layer(
      'src-not-to-entry',
      'src/index.ts is the top of the graph: nothing in src imports it.',
      { path: '^src/', pathNot: '^src/index[.]ts$' },
      { path: '^src/index[.]ts$' },
    ),
    layer(
      'src-not-to-repo-tooling',
      'Library code never imports tests, benchmarks, scripts, seed files, tools or build output.',
      { path: '^src/' },
      { path: '^(test|bench|scripts|seeds|tools|dist)/' },
    ),
    {
      name: 'src-not-to-dev-dependencies',
      comment:
        'src/ is shipped: a package listed only in devDependencies (ts-node, typescript, jest, ...) is ' +
        'missing for users. Type-only imports count too: dist/*.d.ts would name a package users do ' +
        'not have. migrate-mongo is also an (optional) peer dependency, so it is allowed.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer'] },
    },
    {
      name: 'src-not-to-undeclared-packages',
      comment:
        'src/ imports a package that is not in package.json (e.g. one that only comes transitively). ' +
        'Peer dependencies are exempt: dependency-cruiser 17 also tags a package named in ' +
        'peerDependenciesMeta (migrate-mongo) as npm-no-pkg.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['npm-peer'] },
    },
    {
      name: 'src-not-to-unresolvable',
      comment: 'An import that does not resolve to a file: the rules above cannot check it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports (`import type`) are dependencies too: they make cycles and break layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
  },
};
