import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ConfigError } from '../../errors';

/** What the seed needs to know of the migrate-mongo setup that runs it. */
export interface HostConfig {
  readonly changelogCollectionName: string;
  readonly useFileHash: boolean;
  /** migrate-mongo's own lock collection (never written as data); unknown when not read from a config. */
  readonly lockCollectionName?: string | undefined;
}

/** Where to look for the migrate-mongo that runs a seed file. */
export interface HostLookup {
  /** process.argv: argv[1] is migrate-mongo's bin when migrate-mongo runs (local, global or npx). */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly seedFile: string;
  /** A changelog named by the user (seed option or SEED_CHANGELOG_COLLECTION): used when no migrate-mongo can be found. */
  readonly changelog?: string | undefined;
}

interface MigrateMongoModule {
  readonly config: PromiseLike<ConfigModule> | ConfigModule;
}
interface ConfigModule {
  read(): unknown;
}

const SET_IT =
  'set SEED_CHANGELOG_COLLECTION (or the seed option changelogCollection) to its changelogCollectionName';

/**
 * The host's migrate-mongo config, read from the migrate-mongo that actually runs: the one
 * whose bin is this process's main script (a local install, a global one, npx from another
 * folder), read through its own module so its `-f` option and a config set programmatically
 * count. Outside its bin (a script calling migrate-mongo's API, a test runner calling a
 * seed's `up`), the one migrate-mongo the host resolves. Never a guess: with no migrate-mongo,
 * or several, the changelog must be named, else nothing is written (HOST_UNKNOWN), because
 * a wrong changelog makes applied seeds look interrupted.
 */
export async function readHostConfig(lookup: HostLookup): Promise<HostConfig> {
  const running = packageRootOf(lookup.argv[1], 'migrate-mongo');
  const roots = running ? [running] : installedMigrateMongos(lookup);
  if (roots.length === 1) {
    const content = await readConfigThrough(roots[0]!).catch((err: unknown) => {
      if (running) throw err; // migrate-mongo itself read it a moment ago: its failure is the real one
      return undefined;
    });
    if (content) return checkedAgainst(fromConfig(content), lookup.changelog, roots[0]!);
  }
  if (lookup.changelog) return { changelogCollectionName: lookup.changelog, useFileHash: false };
  const why =
    roots.length > 1
      ? `several migrate-mongo installs could run it (${roots.join(', ')})`
      : roots.length === 1
        ? `the migrate-mongo at ${roots[0]!} has no readable config here`
        : 'no migrate-mongo runs this process or is installed beside it';
  throw new ConfigError(
    `cannot tell which changelog records ${basename(lookup.seedFile)}: ${why}; run it with migrate-mongo, or ${SET_IT}; nothing written`,
    { code: 'HOST_UNKNOWN' },
  );
}

function fromConfig(content: Record<string, unknown>): HostConfig {
  const text = (key: string, fallback: string): string => {
    const value = content[key];
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  return {
    // migrate-mongo itself uses the names as given; these are its documented defaults.
    changelogCollectionName: text('changelogCollectionName', 'changelog'),
    useFileHash: content['useFileHash'] === true,
    lockCollectionName: text('lockCollectionName', 'changelog_lock'),
  };
}

/** A changelog the user named must be the one migrate-mongo writes, or which one counts is unsure. */
function checkedAgainst(config: HostConfig, named: string | undefined, root: string): HostConfig {
  if (named === undefined || named === config.changelogCollectionName) return config;
  throw new ConfigError(
    `SEED_CHANGELOG_COLLECTION (or changelogCollection) says "${named}" but the migrate-mongo at ${root} records migrations in "${config.changelogCollectionName}"; make them agree (or unset it); nothing written`,
    { code: 'HOST_UNKNOWN' },
  );
}

/** The package folder named `name` that holds `file` (symlinks resolved, as node runs a bin). */
function packageRootOf(file: string | undefined, name: string): string | undefined {
  if (!file) return undefined;
  let dir: string;
  try {
    dir = dirname(realpathSync(file));
  } catch {
    return undefined;
  }
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      return pkg.name === name ? dir : undefined;
    } catch {
      // no package.json here: look further up
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The distinct migrate-mongo packages the host resolves: from the main script's folder, the working directory and the seed file's folder. */
function installedMigrateMongos(lookup: HostLookup): string[] {
  const from = [lookup.argv[1] ? dirname(lookup.argv[1]) : undefined, lookup.cwd, dirname(lookup.seedFile)];
  const roots = new Set<string>();
  for (const base of from) {
    if (!base) continue;
    try {
      const root = packageRootOf(require.resolve('migrate-mongo', { paths: [base] }), 'migrate-mongo');
      if (root) roots.add(root);
    } catch {
      // not resolvable from there
    }
  }
  return [...roots];
}

/** The config as that migrate-mongo reads it, through its own (CommonJS or ESM) module instance. */
async function readConfigThrough(root: string): Promise<Record<string, unknown> | undefined> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    main?: string;
    exports?: { '.'?: { require?: string } };
  };
  const entry = pkg.exports?.['.']?.require ?? pkg.main ?? 'index.js';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const migrateMongo = require(join(root, entry)) as MigrateMongoModule;
  const config = await migrateMongo.config;
  const content = (await config.read()) as Record<string, unknown> | undefined;
  return content && typeof content === 'object' ? content : undefined;
}

/** migrate-mongo's file hash (sha256 of the file), as its useFileHash records it. */
export function fileHashOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The migration files next to a seed file, as migrate-mongo lists them: the same folder and
 * extension, without its `sample-migration` template.
 */
export function siblingMigrationFiles(seedFile: string): string[] {
  const extension = extname(seedFile);
  try {
    return readdirSync(dirname(seedFile)).filter(
      (f) => extname(f) === extension && basename(f, extension) !== 'sample-migration',
    );
  } catch {
    return [];
  }
}
