// Dependency rules for src/, checked by `npm run lint` (depcruise src --config .dependency-cruiser.cjs).
//
// Layers, arrows only downward:
//   adapters/cli, adapters/migrate-mongo, adapters/api   (never each other)
//   adapters/*.ts                          (what the edges share; never an adapter folder)
//   datasets                               (each dataset's folder: the contract below, nothing of the engine)
//   inspect, operations                    (the engine's operations: never config, datasets, adapters)
//   scaffold                               (inference from a sample, the module it writes, fidelity, and
//                                           the runtime scaffolded datasets run on: never config,
//                                           inspect, operations, datasets, adapters)
//   config                                 (settings: never inspect, operations, datasets, adapters)
//   write, files                           (never config, inspect, operations, datasets, adapters)
//   generate                               (the contract, schema and the leaves only)
//   dataset                                (the public dataset contract: schema and the leaves only)
//   schema                                 (the leaves only)
//   errors.ts, logger.ts, redact.ts,       (leaves: each other only)
//   version.ts
// src/index.ts (the public entry) and src/internal.ts (the tests' and benchmark's) import every
// layer and nothing imports them. The engine (dataset, generate, write, files, inspect,
// operations, config, schema) never names a dataset: it runs whatever dataset it is handed; a
// built-in dataset is written against the contract (src/dataset) alone, as a user's is.
// Type-only imports count everywhere (tsPreCompilationDeps), cycles included. Every module of
// src/ belongs to one of these layers: a new folder gets its place here first.

const LEAVES = '^src/(errors|logger|redact|version)[.]ts$';
const ADAPTERS = '^src/adapters/';
const ENTRIES = '^src/(index|internal)[.]ts$';
const LAYERS = [
  LEAVES,
  ENTRIES,
  '^src/(schema|dataset|generate|datasets|write|files|config|inspect|operations|scaffold)/',
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
      'dataset-imports-only-schema-and-leaves',
      'src/dataset is the public contract every dataset is written against: it imports only src/schema and the leaves.',
      { path: '^src/dataset/' },
      { path: '^src/', pathNot: ['^src/(dataset|schema)/', LEAVES] },
    ),
    layer(
      'generate-imports-only-the-contract-schema-and-leaves',
      'src/generate imports only the contract (src/dataset), src/schema and errors/logger/redact.',
      { path: '^src/generate/' },
      { path: '^src/', pathNot: ['^src/(generate|dataset|schema)/', LEAVES] },
    ),
    layer(
      'write-files-not-upward',
      'src/write and src/files may import schema, dataset, generate and the leaves (and each other), never ' +
        'config, inspect, operations, datasets, adapters or the entries.',
      { path: '^src/(write|files)/' },
      { path: ['^src/(config|inspect|operations|datasets|adapters)/', ENTRIES] },
    ),
    layer(
      'engine-not-to-datasets',
      'The engine runs whatever dataset it is handed, through the contract in src/dataset: ' +
        'dataset, generate, write, files, inspect, operations, config and schema never import src/datasets. ' +
        'Only the edges (adapters, the entries) name a dataset.',
      { path: '^src/(dataset|generate|write|files|inspect|operations|config|schema|scaffold)/' },
      { path: '^src/datasets/' },
    ),
    layer(
      'datasets-only-on-the-contract',
      "A built-in dataset is written against the public contract alone, as a user's is: it imports " +
        'src/dataset, src/schema and the leaves (and the datasets beside it), nothing of the engine, ' +
        'the adapters or the entries.',
      { path: '^src/datasets/' },
      { path: '^src/', pathNot: ['^src/(dataset|datasets|schema)/', LEAVES] },
    ),
    layer(
      'config-not-upward',
      'src/config may import write (production-guard), files, schema, dataset, generate and the leaves, never ' +
        'inspect, operations, datasets, adapters or the entries.',
      { path: '^src/config/' },
      { path: ['^src/(inspect|operations|datasets|adapters)/', ENTRIES] },
    ),
    layer(
      'inspect-operations-not-to-adapters',
      'src/inspect and src/operations are library code: adapters call them, not the other way; and ' +
        'they take a run plan built at the edge, never the settings themselves (src/config).',
      { path: '^src/(inspect|operations)/' },
      { path: [ADAPTERS, '^src/config/', ENTRIES] },
    ),
    layer(
      'scaffold-not-upward',
      'src/scaffold infers a dataset from a sample and runs scaffolded datasets: it may import the contract, ' +
        'generate, write, files, schema and the leaves, never config, inspect, operations, datasets, adapters or the entries.',
      { path: '^src/scaffold/' },
      { path: ['^src/(config|inspect|operations|datasets|adapters)/', ENTRIES] },
    ),
    ...['cli', 'migrate-mongo', 'api'].map((adapter) =>
      layer(
        `${adapter}-not-to-other-adapters`,
        'The three adapters (cli, migrate-mongo, api) are independent: none imports another; what they share ' +
          'lives below them (src/adapters/*.ts, src/config, the engine).',
        { path: `^src/adapters/${adapter}/` },
        { path: '^src/adapters/(cli|migrate-mongo|api)/', pathNot: `^src/adapters/${adapter}/` },
      ),
    ),
    layer(
      'shared-edge-not-to-adapters',
      'src/adapters/*.ts hold what both adapters share (signal handling, the unreachable hint): they import neither adapter.',
      { path: '^src/adapters/[^/]+[.]ts$' },
      { path: '^src/adapters/(cli|migrate-mongo|api)/' },
    ),
    layer(
      'src-not-to-entry',
      'src/index.ts and src/internal.ts are the top of the graph: nothing in src imports them.',
      { path: '^src/', pathNot: ENTRIES },
      { path: ENTRIES },
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
