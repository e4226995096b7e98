import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runProcess } from '../../support/run-process';
import type { ProcessResult } from '../../support/run-process';
import { startMigrate } from '../../faults/support/seed-process';
import type { SeedProcess } from '../../faults/support/seed-process';
import { npmEnv, npmInstall, runNpmChecked } from './npm';

/** A migration applied before the seed file, which no run of the seed may touch. */
export interface EarlierMigration {
  readonly file: string;
  readonly content: string;
  /** What it leaves in the database while applied. */
  readonly collection: string;
  readonly filter: Record<string, unknown>;
  readonly count: number;
}

/** Another team's repository, as they would set it up, described once. */
export interface HostSpec {
  readonly id: string;
  readonly title: string;
  /** What the host installs beside the packed tarball (`npm install <tarball> ...packages`). */
  readonly packages: readonly string[];
  /**
   * Where the migrate-mongo that runs comes from: the host's own install (in `packages`), a
   * global install (`npm install --global --prefix <dir> <spec>`, its bin on the PATH), or
   * `npx <spec>` (npm's npx cache). The last two bring their own driver copy.
   */
  readonly migrateMongo: 'host' | { readonly global: string } | { readonly npx: string };
  /** Fields of the host's package.json besides its name (`type: 'module'`). */
  readonly packageJson?: Readonly<Record<string, unknown>>;
  readonly moduleSystem: 'commonjs' | 'esm';
  /** migrate-mongo-config.js; it reads MONGO_URL and TEAM_DB. */
  readonly config: string;
  readonly migrationsDir: string;
  /** The changelog collection migrate-mongo uses with that config. */
  readonly changelog: string;
  readonly useFileHash: boolean;
  /** Migrations that sort before the seed file. */
  readonly earlier: readonly EarlierMigration[];
  /** The seed file's content (the README's example). */
  readonly seedFile: string;
}

export interface Host {
  readonly spec: HostSpec;
  readonly dir: string;
  readonly install: ProcessResult;
  /** The install of a migrate-mongo outside the host (global, npx). */
  readonly otherInstall: ProcessResult | undefined;
  /** The node_modules migrate-mongo runs from (the host's own, the global install's, npx's). */
  readonly migrateMongoModules: string;
  /** `migrate-mongo <args>` typed in the host's folder, the database in TEAM_DB. */
  migrate(args: readonly string[], db: string, env?: Record<string, string>): Promise<ProcessResult>;
  /** The same as a process the test can pause and kill -9 (test/faults/support/seed-process.ts). */
  startMigrate(args: readonly string[], db: string, env: Record<string, string>): SeedProcess;
  /** `npx crm-seed <args>` in the host's folder: the bin the package installed. */
  crmSeed(args: readonly string[]): Promise<ProcessResult>;
  /** `node <file>` in the host's folder. */
  node(file: string, env: Record<string, string>): Promise<ProcessResult>;
  /** Writes a file into the host's folder. */
  write(path: string, content: string): void;
}

/**
 * Builds a host in `root/<id>`: writes its package.json, config and migrations, installs the
 * tarball and its packages (and migrate-mongo elsewhere, when the spec says so), at once.
 */
export async function buildHost(root: string, tarball: string, spec: HostSpec): Promise<Host> {
  const dir = join(root, `host-${spec.id}`);
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  write(
    'package.json',
    `${JSON.stringify({ name: `host-${spec.id}`, private: true, ...spec.packageJson }, null, 2)}\n`,
  );
  write('migrate-mongo-config.js', spec.config);
  for (const m of spec.earlier) write(join(spec.migrationsDir, m.file), m.content);
  write(join(spec.migrationsDir, SEED_FILE), spec.seedFile);

  const globalDir = join(root, `global-${spec.id}`);
  const from = spec.migrateMongo;
  const [install, otherInstall] = await Promise.all([
    npmInstall(dir, [tarball, ...spec.packages]),
    from === 'host'
      ? undefined
      : 'global' in from
        ? npmInstall(root, ['--global', '--prefix', globalDir, from.global])
        : // What `npx <spec>` runs, installed into npm's npx cache; the shell's PATH names its bin.
          runNpmChecked(
            ['exec', '--yes', '--prefer-online', '--package', from.npx, '-c', 'command -v migrate-mongo'],
            {
              cwd: dir,
              timeoutMs: 300_000,
            },
          ),
  ]);
  const bin =
    from === 'host'
      ? join(dir, 'node_modules', 'migrate-mongo', 'bin', 'migrate-mongo.js')
      : 'global' in from
        ? join(globalDir, 'lib', 'node_modules', 'migrate-mongo', 'bin', 'migrate-mongo.js')
        : realpathSync(otherInstall!.stdout.trim().split('\n').pop()!);
  const env = (db: string, extra: Record<string, string> = {}): Record<string, string | undefined> => ({
    ...npmEnv(),
    TEAM_DB: db,
    ...extra,
  });
  const migrate = (
    args: readonly string[],
    db: string,
    extra?: Record<string, string>,
  ): Promise<ProcessResult> => {
    const options = { cwd: dir, env: env(db, extra), timeoutMs: 120_000 };
    if (from === 'host') return runProcess('npx', ['--no-install', 'migrate-mongo', ...args], options);
    if ('npx' in from) return runProcess('npx', ['--yes', from.npx, ...args], options);
    // A global install's bin, found on the PATH as the user's shell finds it.
    const PATH = `${join(globalDir, 'bin')}${delimiter}${process.env['PATH'] ?? ''}`;
    return runProcess('migrate-mongo', args, { ...options, env: { ...options.env, PATH } });
  };

  return {
    spec,
    dir,
    install,
    otherInstall,
    // bin/migrate-mongo.js of the package migrate-mongo, in some node_modules.
    migrateMongoModules: dirname(dirname(dirname(bin))),
    migrate,
    startMigrate: (args, db, extra) => startMigrate(args, env(db, extra), { cwd: dir, bin }),
    crmSeed: (args) =>
      runProcess('npx', ['--no-install', 'crm-seed', ...args], {
        cwd: dir,
        env: npmEnv(),
        timeoutMs: 60_000,
      }),
    node: (file, extra) =>
      runProcess(process.execPath, [file], { cwd: dir, env: { ...npmEnv(), ...extra }, timeoutMs: 120_000 }),
    write,
  };
}

/** The README's example seed file, in every host. */
export const SEED_FILE = '20250102000000-calls-tenant-9.js';
export const BATCH = '20250102000000-calls-tenant-9';
/** What the README's example seeds. */
export const SEED_CALLS = 200;
export const SEED_TENANT = 9;
