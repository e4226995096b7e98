import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, ROOT, runProcess } from '../../support/run-process';
import type { ProcessResult, RunOptions } from '../../support/run-process';

/**
 * The environment of an `npm` a user types in a shell: the user's own npm configuration
 * (registry, cache, certificates, proxy) kept, and nothing of the `npm test` or `npx jest`
 * that started these tests (its package, its lifecycle, its prefix), which would make the
 * child npm see this repository instead of the host.
 */
export function npmEnv(): Record<string, string | undefined> {
  const keep = new Set([
    'npm_config_userconfig',
    'npm_config_globalconfig',
    'npm_config_cache',
    'npm_config_registry',
    'npm_config_cafile',
    'npm_config_proxy',
    'npm_config_https_proxy',
    'npm_config_noproxy',
  ]);
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) {
    if (/^npm_/i.test(key) && !keep.has(key.toLowerCase())) env[key] = undefined;
  }
  return {
    ...env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

export function runNpm(args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  return runProcess('npm', args, { ...options, env: { ...npmEnv(), ...options.env } });
}

/** Failures worth one more try: the registry or the network, not the package. */
const TRANSIENT =
  /ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|socket hang up|network|E50[0-9]|E429/i;

/** npm run as the user runs it, once more when the network failed; fails with npm's output. */
export async function runNpmChecked(args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  let result = await runNpm(args, options);
  if (result.code !== 0 && TRANSIENT.test(result.stdout + result.stderr))
    result = await runNpm(args, options);
  expectOk(result);
  return result;
}

/**
 * `npm install <args>` as the user runs it, checked against the registry (`--prefer-online`:
 * no cached metadata stands in for what the registry serves today).
 */
export function npmInstall(cwd: string, args: readonly string[]): Promise<ProcessResult> {
  return runNpmChecked(['install', '--prefer-online', ...args], { cwd, timeoutMs: 300_000 });
}

/** npm's warnings in its output, one line each. */
export function npmWarnings(result: ProcessResult): string[] {
  return (result.stdout + result.stderr).split('\n').filter((l) => /^npm warn/i.test(l));
}

export interface PackedPackage {
  /** Absolute path of the tarball. */
  readonly tarball: string;
  /** What is in it, as `npm pack --json` lists it. */
  readonly files: readonly string[];
}

/**
 * `npm pack` of this repository, as `npm publish` would make it (its prepack builds dist/).
 * `--json` puts the file list on stdout; the lifecycle output goes to stderr.
 */
export async function packThisRepository(destination: string): Promise<PackedPackage> {
  const pack = await runNpm(['pack', '--json', '--pack-destination', destination], {
    cwd: ROOT,
    timeoutMs: 180_000,
  });
  expectOk(pack);
  const [report] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  if (!report) throw new Error(`npm pack --json printed no report:\n${pack.stdout}${pack.stderr}`);
  return { tarball: join(destination, report.filename), files: report.files.map((f) => f.path) };
}

/** The version of a package installed under `nodeModules`. */
export function installedVersion(nodeModules: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The newest version the registry serves today for a range (`mongodb@7`), asked without the cache. */
export async function newestOnRegistry(spec: string): Promise<string> {
  const view = await runNpm(['view', spec, 'version', '--json', '--prefer-online'], { timeoutMs: 60_000 });
  expectOk(view);
  const versions = JSON.parse(view.stdout) as string | string[];
  const list = (Array.isArray(versions) ? versions : [versions]).sort(byVersion);
  const newest = list[list.length - 1];
  if (!newest) throw new Error(`npm view ${spec}: no version`);
  return newest;
}

/** Orders plain x.y.z versions (a range like `mongodb@7` matches no pre-release). */
function byVersion(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
