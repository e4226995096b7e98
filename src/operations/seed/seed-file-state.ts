import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from 'mongodb';
import { SafetyError } from '../../errors';
import { findBatches } from '../../write/registry/batch-registry';

/** An applied seed file that is gone from its folder while its batch is still in the database. */
export interface MissingSeedFile {
  readonly seedFile: string;
  readonly batch: string;
  readonly documents: number;
}

/**
 * The files migrate-mongo's changelog lists as applied, read once per run and checked like
 * user input: an entry without a file name cannot be migrate-mongo's.
 */
export async function appliedFiles(db: Db, changelogCollection: string): Promise<string[]> {
  const entries = await db
    .collection(changelogCollection)
    .find({}, { projection: { fileName: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return entries.map((e) => {
    const fileName: unknown = e['fileName'];
    if (typeof fileName === 'string') return fileName;
    throw new SafetyError(
      `${changelogCollection} entry ${String(e['_id'])} has no file name (fileName: ${JSON.stringify(fileName)}); ` +
        'migrate-mongo cannot have written it: fix or delete that entry',
      { code: 'STATE_INVALID' },
    );
  });
}

/** Whose seed files these are: the changelog they are applied through (its owner) and their folder. */
export interface SeedRepository {
  /** `changelog:<collection>` (changelogOwner). */
  readonly owner: string;
  /** The migrations folder, as seedFolderOf gives it. */
  readonly folder: string;
}

/** A migrations folder as the registry records it: absolute, links resolved (the same folder reached two ways is one). */
export function seedFolderOf(folder: string, cwd = process.cwd()): string {
  const path = resolve(cwd, folder);
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The changelog, the seed files and the batches must agree: a seed file migrate-mongo lists
 * as applied but that is no longer in the folder (deleted, or renamed, which migrate-mongo
 * takes for a new file) would make `up` write a second batch and `down` skip the first one
 * silently. Only this repository's own seed files count: a batch the registry holds for that
 * file name, applied through this changelog from this folder. Another repository sharing
 * the changelog (its seed files are not in this folder, as plain migrate-mongo sees it) and
 * an entry that recorded no folder (an earlier version's) are not this repository's to judge.
 */
export async function missingSeedFiles(
  db: Db,
  applied: readonly string[],
  files: readonly string[],
  repository: SeedRepository,
): Promise<MissingSeedFile[]> {
  const present = new Set(files);
  const gone = applied.filter((fileName) => !present.has(fileName));
  const entries = await findBatches(db, gone.map(markerOf));
  const missing: MissingSeedFile[] = [];
  for (const fileName of gone) {
    const batch = markerOf(fileName);
    const entry = entries.get(batch);
    if (!entry || entry.seedFile !== fileName) continue;
    if (entry.owner !== repository.owner || entry.seedFolder !== repository.folder) continue;
    missing.push({
      seedFile: fileName,
      batch,
      documents: entry.collections.reduce((n, c) => n + c.count, 0),
    });
  }
  return missing;
}

/** The one line up/down refuse with while an applied seed file is missing. */
export function missingSeedFileError(missing: readonly MissingSeedFile[], folder: string): SafetyError {
  const [first] = missing;
  const others = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
  return new SafetyError(
    `seed file ${first!.seedFile} is applied (batch ${first!.batch}, ${first!.documents} documents) but is no longer in ${folder}${others}: ` +
      `restore it (a renamed file would seed a second batch), or remove its batch with crm-seed cleanup --batch ${first!.batch}; nothing was done`,
    { code: 'SEED_FILE_MISSING', batch: first!.batch },
  );
}

/**
 * Removes the changelog entries of a seed file whose batch `down` has just removed (every
 * entry of the file: under useFileHash one per content). migrate-mongo deletes its entry after
 * `down` returns; with it already gone that delete finds nothing, and the lock need not wait
 * for it.
 */
export async function forgetChangelogEntry(
  db: Db,
  changelog: { readonly collection: string; readonly fileName: string },
): Promise<void> {
  await db.collection(changelog.collection).deleteMany({ fileName: changelog.fileName });
}

/** Seed files of a migrations folder that migrate-mongo's changelog (its applied files) does not list. */
export function unappliedSeeds(applied: readonly string[], seedFiles: readonly string[]): UnappliedSeed[] {
  const listed = new Set(applied);
  return seedFiles.filter((f) => !listed.has(f)).map((seedFile) => ({ seedFile, batch: markerOf(seedFile) }));
}

/** Who owns the batches of seed files applied through a migrate-mongo changelog (BatchEntry.owner). */
export function changelogOwner(changelog: string): string {
  return `changelog:${changelog}`;
}

/** A seed file's batch marker: its file name without extension. */
export function markerOf(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/** A seed file that migrate-mongo's changelog does not list: what an interrupted `up` of it left is removable. */
export interface UnappliedSeed {
  readonly seedFile: string;
  readonly batch: string;
}
