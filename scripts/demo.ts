// `npm run demo`: the first-try path. Starts the persistent local FerretDB (unless MONGO_URL
// points elsewhere), runs the real `migrate-mongo up` (as `npx migrate-mongo up` does), and says how to undo it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeLocalDb, startLocalDb } from './local-db';

async function main(): Promise<void> {
  const external = process.env['MONGO_URL'];
  const local = external ? undefined : await startLocalDb();
  const url = external ?? local!.url;
  if (local) console.log(`${describeLocalDb(local, 'Local FerretDB running at').join('\n')}\n`);
  // The demo shows one generated call after the summary (up is quiet by default).
  const env = { ...process.env, MONGO_URL: url, SEED_SAMPLE: process.env['SEED_SAMPLE'] ?? '1' };
  const bin = join(__dirname, '..', 'node_modules', 'migrate-mongo', 'bin', 'migrate-mongo.js');
  const up = spawnSync(process.execPath, [bin, 'up'], { env, encoding: 'utf8' });
  process.stdout.write(up.stdout);
  process.stderr.write(up.stderr);
  if (up.status !== 0) {
    process.exitCode = up.status ?? 1;
    return;
  }
  if (!up.stdout.includes('MIGRATED UP')) {
    console.log('Nothing pending: the seed is already applied in this database.');
  }
  // The real address, whichever port the server got: these lines are copied and run.
  const prefix = local ? `MONGO_URL=${url} ` : '';
  console.log('\nNext:');
  console.log(`  applied / pending:              ${prefix}npx migrate-mongo status`);
  console.log(`  remove exactly what up inserted: ${prefix}npx migrate-mongo down`);
  if (local) {
    if (local.moved)
      console.log(`  (the server is not at the README's address: ${local.moved} when it started)`);
    console.log('  where the server is:            npm run db:status');
    console.log('  stop the local server:          npm run db:stop   (its data stays)');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
