import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runProcess } from '../../support/run-process';
import type { ProcessResult } from '../../support/run-process';
import { startMigrate } from '../../faults/support/seed-process';
import type { SeedProcess } from '../../faults/support/seed-process';
import { npmEnv, npmInstall } from './npm';

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
   * migrate-mongo installed elsewhere (`npm install --global --prefix <dir>`), its bin run
   * from the host's folder; the host itself then has no migrate-mongo.
   */
  readonly globalMigrateMongo?: readonly string[];
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
  readonly globalInstall: ProcessResult | undefined;
  /** The node_modules migrate-mongo runs from (the host's own, or the global install's). */
  readonly migrateMongoModules: string;
  /** `migrate-mongo <args>` typed in the host's folder, the database in TEAM_DB. */
  migrate(args: readonly string[], db: string, env?: Record<string, string>): Promise<ProcessResult>;
  /** The same as a process the test can pause and kill -9 (test/faults/support/seed-process.ts). */
  startMigrate(args: readonly string[], db: string, env: Record<string, string>): SeedProcess;
  /** `npx crm-seed <args>` in the host's folder: the bin the package installed. */
  crmSeed(args: readonly string[]): Promise<ProcessResult>;
  /** `node <file>` in the host's folder, the database in TEAM_DB. */
  node(file: string, db: string): Promise<ProcessResult>;
  /** Writes a file into the host's folder. */
  write(path: string, content: string): void;
}

/**
 * Builds a host in `root/<id>`: writes its package.json, config and migrations, installs the
 * tarball and its packages (and migrate-mongo elsewhere, when the spec says so).
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
  const [install, globalInstall] = await Promise.all([
    npmInstall(dir, [tarball, ...spec.packages]),
    spec.globalMigrateMongo
      ? npmInstall(root, ['--global', '--prefix', globalDir, ...spec.globalMigrateMongo])
      : undefined,
  ]);
  const migrateMongoModules = spec.globalMigrateMongo
    ? join(globalDir, 'lib', 'node_modules')
    : join(dir, 'node_modules');
  const env = (db: string, extra: Record<string, string> = {}): Record<string, string | undefined> => ({
    ...npmEnv(),
    TEAM_DB: db,
    ...extra,
  });

  return {
    spec,
    dir,
    install,
    globalInstall,
    migrateMongoModules,
    migrate: (args, db, extra) =>
      spec.globalMigrateMongo
        ? // A global install's bin, found on the PATH as the user's shell finds it.
          runProcess('migrate-mongo', args, {
            cwd: dir,
            env: {
              ...env(db, extra),
              PATH: `${join(globalDir, 'bin')}${delimiter}${process.env['PATH'] ?? ''}`,
            },
            timeoutMs: 120_000,
          })
        : runProcess('npx', ['--no-install', 'migrate-mongo', ...args], {
            cwd: dir,
            env: env(db, extra),
            timeoutMs: 120_000,
          }),
    startMigrate: (args, db, extra) =>
      startMigrate(args, env(db, extra), {
        cwd: dir,
        bin: join(migrateMongoModules, 'migrate-mongo', 'bin', 'migrate-mongo.js'),
      }),
    crmSeed: (args) =>
      runProcess('npx', ['--no-install', 'crm-seed', ...args], {
        cwd: dir,
        env: npmEnv(),
        timeoutMs: 60_000,
      }),
    node: (file, db) => runProcess(process.execPath, [file], { cwd: dir, env: env(db), timeoutMs: 60_000 }),
    write,
  };
}

/** The README's example seed file, in every host. */
export const SEED_FILE = '20250102000000-calls-tenant-9.js';
export const BATCH = '20250102000000-calls-tenant-9';
/** What the README's example seeds. */
export const SEED_CALLS = 200;
export const SEED_TENANT = 9;
