import type { SignalHost } from '../interrupts';

/**
 * Everything the CLI touches of its process, passed in: the bin entry gives the real
 * streams, tests give their own. Nothing under src/cli reads process.* directly.
 */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Where crm-seed.config.json is looked up and relative paths start. */
  readonly cwd: string;
  /**
   * The environment settings are read from (below flags, above the config file), and NO_COLOR /
   * FORCE_COLOR (colors.ts). The CLI reads this, never process.env.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Where SIGINT and SIGTERM come from while a command writes (bin/crm-seed.js gives
   * `process`): the first stops the write, a second exits at once. Absent: not handled.
   */
  readonly signals?: SignalHost;
  /**
   * Added to "cannot reach MongoDB" (adapters/unreachable-hint.ts): where the host's own dev
   * server is. bin/crm-seed.js gives it in this package's repository only.
   */
  readonly unreachableHint?: string;
  /**
   * Whether, without crm-seed.config.json or --config, the host's migrate-mongo-config.js in
   * `cwd` is read (its URL, database, changelog, migrations folder). bin/crm-seed.js turns it
   * off in this package's own repository, whose config is migrateMongoConfig of the same env.
   */
  readonly hostConfig?: boolean;
}
