import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT, runProcess } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';

const VERSION = 'v1.24.2';
const BUILD_TIMEOUT_MS = 420_000;

/**
 * scripts/build-ferretdb.sh, copied into a temporary directory of its own (it builds into
 * <its parent>/.tools/bin, so the repository's .tools is never touched): a build from an empty
 * .tools twice in a row while the machine is busy, then a `go` that fails or is too old.
 */
describe('scripts/build-ferretdb.sh', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh directory with scripts/build-ferretdb.sh in it; returns the directory. */
  function scriptCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'crm-seed-ferretdb-build-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(ROOT, 'scripts', 'build-ferretdb.sh'), join(dir, 'scripts', 'build-ferretdb.sh'));
    return dir;
  }

  function build(dir: string, env: Record<string, string> = {}, args: string[] = []): Promise<ProcessResult> {
    return runProcess('bash', [join(dir, 'scripts', 'build-ferretdb.sh'), ...args], {
      cwd: dir,
      env,
      timeoutMs: BUILD_TIMEOUT_MS,
    });
  }

  /** A PATH whose `go` is the given shell script (the rest of PATH as it is). */
  function pathWithFakeGo(dir: string, body: string): string {
    const bin = join(dir, 'fake-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'go'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, 'go'), 0o755);
    return `${bin}${delimiter}${process.env['PATH'] ?? ''}`;
  }

  async function realGo(): Promise<string> {
    const found = await runProcess('bash', ['-c', 'command -v go']);
    expect(found.code).toBe(0);
    return found.stdout.trim();
  }

  describe('on a busy machine', () => {
    const burners: ChildProcess[] = [];
    beforeAll(() => {
      // Two CPU-bound processes that stop by themselves after 10 minutes, if afterAll never runs.
      for (let i = 0; i < 2; i++) {
        burners.push(
          spawn(process.execPath, ['-e', 'const end = Date.now() + 600_000; while (Date.now() < end) {}'], {
            stdio: 'ignore',
          }),
        );
      }
    });
    afterAll(() => {
      for (const burner of burners)
        if (burner.exitCode === null && burner.signalCode === null) burner.kill('SIGKILL');
    });

    test(
      'builds from an empty .tools twice in a row (on its own, then --quiet as the demo and tests build): exit 0, a binary that reports v1.24.2, then a no-op',
      async () => {
        const dir = scriptCopy();
        const bin = join(dir, '.tools', 'bin', 'ferretdb');
        for (const round of [1, 2]) {
          rmSync(join(dir, '.tools'), { recursive: true, force: true });
          const result = await build(dir, {}, round === 1 ? [] : ['--quiet']);
          // stderr in the object so that a failure shows what the script said.
          expect({ round, code: result.code, signal: result.signal, stderr: result.stderr }).toMatchObject({
            round,
            code: 0,
            signal: null,
          });
          // Short: what it builds, then (on its own, not with --quiet) the version line.
          const lines = result.stderr.trimEnd().split('\n');
          expect(lines).toHaveLength(round === 1 ? 2 : 1);
          expect(lines[0]).toMatch(/^build-ferretdb: building github\.com\/FerretDB\/FerretDB@v1\.24\.2 /);
          if (round === 1) expect(lines[1]).toBe(`version: ${VERSION}`);
          expect(existsSync(bin)).toBe(true);
          expect(existsSync(join(dir, '.tools', 'ferretdb-build'))).toBe(false);
          const version = await runProcess(bin, ['--version']);
          expect(version.code).toBe(0);
          expect(version.stdout + version.stderr).toContain(`version: ${VERSION}`);
        }

        // The binary is there and runs: nothing to do, nothing said.
        const again = await build(dir);
        expect(again.code).toBe(0);
        expect(again.stderr).toBe('');
        // The busy-machine premise held for the whole test.
        for (const burner of burners) expect(burner.exitCode).toBeNull();
      },
      3 * BUILD_TIMEOUT_MS,
    );
  });

  test(
    'go get fails: it retries once, then exits non-zero with the step and Go’s own error',
    async () => {
      const dir = scriptCopy();
      const PATH = pathWithFakeGo(
        dir,
        [
          'case "$1" in',
          '  get) echo "fake-go: proxy said 502 Bad Gateway (marker-7f3a)" >&2; exit 1 ;;',
          `  *) exec "${await realGo()}" "$@" ;;`,
          'esac',
        ].join('\n'),
      );
      const result = await build(dir, { PATH });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toMatch(
        /downloading the module failed \(fake-go: .*marker-7f3a\)\); retrying once/,
      );
      expect(result.stderr).toMatch(
        /build-ferretdb: downloading github\.com\/FerretDB\/FerretDB@v1\.24\.2 .*failed/,
      );
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
        'fake-go: proxy said 502 Bad Gateway (marker-7f3a)',
      );
      expect(existsSync(join(dir, '.tools', 'bin', 'ferretdb'))).toBe(false);
    },
    BUILD_TIMEOUT_MS,
  );

  test(
    'go install fails: exits non-zero naming the compile step, with Go’s own error, and leaves no binary',
    async () => {
      const dir = scriptCopy();
      const PATH = pathWithFakeGo(
        dir,
        [
          'case "$1" in',
          '  install) echo "fake-go: ./main.go:1:1: compile error (marker-91c2)" >&2; exit 2 ;;',
          `  *) exec "${await realGo()}" "$@" ;;`,
          'esac',
        ].join('\n'),
      );
      const result = await build(dir, { PATH });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toMatch(/build-ferretdb: compiling FerretDB failed \(go install .*\); Go said/);
      expect(result.stderr).toContain('fake-go: ./main.go:1:1: compile error (marker-91c2)');
      expect(existsSync(join(dir, '.tools', 'bin', 'ferretdb'))).toBe(false);
    },
    BUILD_TIMEOUT_MS,
  );

  test('a Go older than 1.24: exits non-zero with one line naming the version needed and the one found', async () => {
    const dir = scriptCopy();
    const PATH = pathWithFakeGo(
      dir,
      [
        'case "$1" in',
        '  version) echo "go version go1.22.5 linux/amd64" ;;',
        '  *) echo "fake-go: must not be called: go $*" >&2; exit 1 ;;',
        'esac',
      ].join('\n'),
    );
    const result = await build(dir, { PATH });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^build-ferretdb: FerretDB v1\.24\.2 needs Go 1\.24 or newer, found go1\.22\.5 /,
    );
    expect(existsSync(join(dir, '.tools'))).toBe(false);
  });
});
