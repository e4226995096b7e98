import { removeFerretdbData } from '../../scripts/ferretdb-server';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__FERRETDB__;
  if (!started) return;
  await started.server.stop();
  removeFerretdbData(started.dir);
}
