import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretdb } from '../../scripts/ferretdb-server';
import type { FerretdbServer } from '../../scripts/ferretdb-server';

declare global {
  var __FERRETDB__: { server: FerretdbServer; dir: string } | undefined;
}

/**
 * One fresh server for the whole run (SQLite, or PostgreSQL with FERRETDB_HANDLER=postgresql,
 * see scripts/ferretdb-server.ts), unless MONGO_URL points at a real one.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['MONGO_URL']) return;
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-test-'));
  const server = await startFerretdb({ dir });
  globalThis.__FERRETDB__ = { server, dir };
  process.env['MONGO_URL'] = server.url;
}
