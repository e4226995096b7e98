import { randomBytes } from 'node:crypto';
import { crmCalls } from '../src';
import { resolveSettings } from '../src/internal';
import type { CallsSettings } from '../src/internal';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { backendName, removeFerretdbData, startFerretdb } from '../scripts/ferretdb-server';

/** The server the benchmark talks to: MONGO_URL's, or a FerretDB it started (and stops). */
export interface BenchServer {
  readonly url: string;
  readonly description: string;
  readonly client: MongoClient;
  stop(): Promise<void>;
}

export async function openBenchServer(mongoUrl: string | undefined): Promise<BenchServer> {
  if (mongoUrl) {
    const client = await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 5000 });
    return { url: mongoUrl, description: 'MONGO_URL', client, stop: () => client.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-bench-'));
  const server = await startFerretdb({ dir });
  const client = await MongoClient.connect(server.url);
  return {
    url: server.url,
    description: `local FerretDB (${backendName()}) on port ${server.port}`,
    client,
    async stop() {
      await client.close();
      await server.stop();
      removeFerretdbData(dir);
    },
  };
}

/** A database name no other run uses. */
export function freshDbName(label: string): string {
  return `bench_${label}_${randomBytes(3).toString('hex')}`;
}

/** Fixed seed and reference date: every run of the benchmark writes the same documents. */
export const BENCH_SEED = 20251010;
export const BENCH_REF_DATE = '2025-10-10T12:00:00Z';

/** Settings for one seed run, as the CLI would resolve them from flags, ignoring SEED_* variables. */
export function benchSettings(values: {
  mongoUrl: string;
  dbName: string;
  calls: number;
  batchSize: number;
  concurrency: number;
}): CallsSettings {
  return resolveSettings(
    [{ kind: 'flag', values: { ...values, randomSeed: BENCH_SEED, refDate: BENCH_REF_DATE } }],
    new Date(),
    crmCalls,
  ) as CallsSettings;
}
