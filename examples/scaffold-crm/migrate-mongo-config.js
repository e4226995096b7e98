// migrate-mongo config for the scaffolded example: its seed file is TypeScript, loaded through
// ts-node (transpile only), as a TypeScript host would with its own loader.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });

module.exports = {
  mongodb: {
    url: process.env.MONGO_URL || 'mongodb://127.0.0.1:27017',
    databaseName: process.env.MONGO_DB || 'crm_fixture',
    options: {},
  },
  migrationsDir: 'migrations',
  changelogCollectionName: 'changelog',
  lockCollectionName: 'changelog_lock',
  lockTtl: 0,
  migrationFileExtension: '.ts',
  useFileHash: false,
  moduleSystem: 'commonjs',
};
