import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IoError } from '../errors';

/**
 * The file-system causes a user can fix, in words. Node's own message ("ENOTDIR: not a
 * directory, lstat '/abs/x.partial'") names a temporary path and not the part that is wrong.
 */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent of the path is not a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'a file of that name is in the way',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
};

/** The errno code of a Node file-system error, if it is one we can name. */
export function fileSystemCode(err: unknown): string | undefined {
  // Duck-typed: errors of Node's fs are not always instances of this realm's Error (jest's sandbox).
  const code = typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && code in REASONS ? code : undefined;
}

/**
 * Why `path` (absolute; `name` is how the user wrote it) could not be read or written, in one phrase.
 * ENOTDIR and ENOENT name the part of the path that is wrong (a regular file where a folder
 * should be, a folder that does not exist).
 */
export function fileSystemReason(err: unknown, path: string, name: string): string | undefined {
  const code = fileSystemCode(err);
  if (code === undefined) return undefined;
  if (code === 'ENOTDIR' || code === 'ENOENT') {
    const blocker = firstMissingOrFile(path);
    if (blocker?.kind === 'file') {
      return `${displayPath(blocker.path, path, name)} is a regular file, not a directory`;
    }
    if (blocker?.kind === 'missing' && blocker.path !== resolve(path)) {
      return `the directory ${displayPath(blocker.path, path, name)} does not exist`;
    }
  }
  return REASONS[code];
}

/** An IoError (IO_FAILED; the CLI exits 2, as for bad input) naming the file and the cause, if the cause is known. */
export function fileError(
  err: unknown,
  verb: 'read' | 'write' | 'create',
  path: string,
  name: string,
): unknown {
  const reason = fileSystemReason(err, path, name);
  if (reason === undefined) return err;
  return new IoError(`cannot ${verb} ${name}: ${reason}`, { cause: err });
}

/** Walking up from the path: the first ancestor that is a regular file, or the topmost one missing. */
function firstMissingOrFile(path: string): { kind: 'file' | 'missing'; path: string } | undefined {
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of chain) {
    if (!existsSync(p)) return { kind: 'missing', path: p };
    try {
      if (!statSync(p).isDirectory()) return p === resolve(path) ? undefined : { kind: 'file', path: p };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** An ancestor of `path` spelled the way the user spelled `path` (relative stays relative). */
function displayPath(ancestor: string, path: string, name: string): string {
  const full = resolve(path);
  const suffix = full.slice(ancestor.length); // e.g. "/x.jsonl"
  return name.endsWith(suffix) && suffix !== '' ? name.slice(0, name.length - suffix.length) : ancestor;
}
