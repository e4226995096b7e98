import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { DEFAULT_CHANGELOG } from '../../write/collections';

/** What the seed needs to know of the migrate-mongo setup that loaded it. */
export interface HostConfig {
  readonly changelogCollectionName: string;
  readonly useFileHash: boolean;
}

interface MigrateMongoModule {
  readonly config: PromiseLike<ConfigModule> | ConfigModule;
}
interface ConfigModule {
  read(): unknown;
}

/**
 * The host's migrate-mongo config, read the way migrate-mongo itself reads it (its `-f`
 * option, its working directory, or a config set programmatically), through the
 * migrate-mongo the host installed (a peer dependency). Undefined when there is none, e.g.
 * a seed's up/down called outside migrate-mongo.
 */
export async function readHostConfig(): Promise<HostConfig | undefined> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migrateMongo = require('migrate-mongo') as MigrateMongoModule;
    const config = await migrateMongo.config;
    const content = (await config.read()) as Record<string, unknown> | undefined;
    if (!content || typeof content !== 'object') return undefined;
    const name = content['changelogCollectionName'];
    return {
      changelogCollectionName: typeof name === 'string' && name !== '' ? name : DEFAULT_CHANGELOG,
      useFileHash: content['useFileHash'] === true,
    };
  } catch {
    return undefined;
  }
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
