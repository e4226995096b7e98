import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretdb } from '../../src/server/ferretdb-server';
import type { FerretdbServer } from '../../src/server/ferretdb-server';

declare global {
  var __FERRETDB__: FerretdbServer | undefined;
}

/** One fresh server for the whole run, unless MONGO_URL points at a real one. */
export default async function globalSetup(): Promise<void> {
  if (process.env['MONGO_URL']) return;
  const server = await startFerretdb({ dir: mkdtempSync(join(tmpdir(), 'crm-seed-test-')) });
  globalThis.__FERRETDB__ = server;
  process.env['MONGO_URL'] = server.url;
}
