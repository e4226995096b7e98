import { randomBytes } from 'node:crypto';
import { constants, linkSync, lstatSync, openSync, readlinkSync, renameSync, unlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError, IoError } from '../errors';
import { fileError, fileSystemCode } from './file-errors';

/**
 * An output file written the safe way, wherever the tool writes one (generate, export, any
 * report): a temporary file beside the target, created exclusively under a name of this run
 * (`<name>.<pid>-<random>.partial`, O_CREAT|O_EXCL|O_NOFOLLOW: a planted file or link of that
 * name makes the open fail instead of being written through), then put in place only over
 * what stood there when the run started:
 *
 * - nothing: hard-linked into place, which fails if anything appeared meanwhile (atomic);
 * - a regular file, with `overwrite`: renamed over it, if it is still that same file;
 * - anything else (a link, a folder, a device, a pipe): refused before anything is written,
 *   with or without `overwrite`.
 *
 * So two runs writing one file never mix their output: the first to finish puts a whole file
 * in place, the other finds the file changed, discards its own and fails in one line.
 */
export interface OutputFile {
  /** The temporary file, open for writing as `fd`. */
  readonly partial: string;
  readonly fd: number;
  /** Puts the complete temporary file in place (the fd is closed by then); throws, having removed it, when it may not. */
  commit(): void;
  /** Removes the temporary file, if it is still the one this run created. */
  discard(): void;
}

/** What stood at the target when the run started. */
type Found = { readonly kind: 'none' } | { readonly kind: 'file'; readonly stats: Stats };

const CREATE_EXCLUSIVE =
  constants.O_WRONLY |
  constants.O_CREAT |
  constants.O_EXCL |
  ((constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0);

/** `path` as the user named it (`name`), checked, and its temporary file created. */
export function openOutputFile(path: string, name: string, overwrite: boolean): OutputFile {
  const found = inspectTarget(path, name, overwrite);
  const partial = join(
    dirname(path),
    `${basename(path)}.${process.pid}-${randomBytes(3).toString('hex')}.partial`,
  );
  let fd: number;
  try {
    fd = openSync(partial, CREATE_EXCLUSIVE, 0o666);
  } catch (err) {
    throw fileError(err, 'write', path, name);
  }
  const created = lstatSync(partial);
  const stillMine = (): boolean => {
    const now = lstatOrUndefined(partial);
    return now !== undefined && sameFile(now, created);
  };
  const discard = (): void => {
    try {
      if (stillMine()) unlinkSync(partial);
    } catch {
      // already gone
    }
  };
  /** Removes the temporary file, then fails: with a reason in words, or a file-system error. */
  const refuse = (why: string | { readonly error: unknown }): never => {
    discard();
    if (typeof why !== 'string') throw fileError(why.error, 'write', path, name);
    throw new IoError(
      `cannot write ${name}: ${why}; this run's output was discarded and ${name} left as it is`,
    );
  };

  return {
    partial,
    fd,
    discard,
    commit() {
      if (!stillMine()) {
        refuse(`its temporary file ${basename(partial)} was removed or replaced while it was written`);
      }
      const now = currentTarget(path, name);
      if (found.kind === 'none') {
        if (now)
          refuse(
            `${describe(now)} appeared at that name while this run wrote it (another run writing the same file?)`,
          );
        placeNew(partial, path, refuse);
        return;
      }
      if (
        !now ||
        !sameFile(now, found.stats) ||
        now.mtimeMs !== found.stats.mtimeMs ||
        now.size !== found.stats.size
      ) {
        refuse('it was replaced or changed while this run wrote it (another run writing the same file?)');
      }
      try {
        renameSync(partial, path);
      } catch (err) {
        refuse({ error: err });
      }
    },
  };
}

/**
 * Hard link, then unlink: the link fails (EEXIST) if anything took the name meanwhile, where a
 * rename would silently replace it.
 */
function placeNew(
  partial: string,
  path: string,
  fail: (why: string | { readonly error: unknown }) => never,
): void {
  const appeared =
    'a file of that name appeared while this run wrote it (another run writing the same file?)';
  try {
    linkSync(partial, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') fail(appeared);
    // A file system without hard links (FAT, some network and FUSE mounts): checked, then renamed.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
      fail({ error: err });
    if (lstatOrUndefined(path)) fail(appeared);
    renameSync(partial, path);
    return;
  }
  unlinkSync(partial);
}

/**
 * Nothing at `path`, or a regular file `overwrite` allows replacing: anything else is refused
 * here, before the temporary file exists.
 */
function inspectTarget(path: string, name: string, overwrite: boolean): Found {
  const stats = currentTarget(path, name);
  if (!stats) return { kind: 'none' };
  if (!stats.isFile()) {
    const link = stats.isSymbolicLink();
    const what = link ? `a symbolic link (to ${linkTarget(path)})` : describe(stats);
    const never = link ? 'output never goes through a link, and ' : '';
    throw new ConfigError(
      `cannot write ${name}: it is ${what}, not a regular file; ${never}--force replaces only a regular file: name ${link ? 'the file itself' : 'a file'} (or - for standard output)`,
      { code: 'BAD_INPUT' },
    );
  }
  if (!overwrite) {
    throw new ConfigError(`${name} already exists; choose another file or pass --force to overwrite it`, {
      code: 'BAD_INPUT',
    });
  }
  return { kind: 'file', stats };
}

/** What is at `path` now, not following a link; undefined when nothing is. */
function currentTarget(path: string, name: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if (fileSystemCode(err) === 'ENOENT') return undefined;
    throw fileError(err, 'write', path, name);
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.isFile() && b.isFile() && a.dev === b.dev && a.ino === b.ino;
}

function describe(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'something other than a file';
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return 'somewhere';
  }
}
