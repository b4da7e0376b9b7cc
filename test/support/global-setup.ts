/**
 * Starts one embedded PostgreSQL for the whole test run, unless DATABASE_URL points at a server already.
 * It is the app's own start (libs/platform/database/embedded-postgres.ts), so the suite runs wherever the
 * app does (as root from a folder only root can enter too), with settings for speed. Relative imports:
 * Jest loads this file without its module name mapping.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../libs/platform/database/embedded-postgres';

/** Read by global-teardown.js, which runs in the same process. */
declare global {
  var __LEDGERLINE_PG__: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  // In /tmp, which the postgres OS user can pass through when we are root: the cluster stays in the data
  // folder and goes with it at the end.
  const dataDir = mkdtempSync(path.join('/tmp', 'ledgerline-test-'));
  const database = await startEmbeddedPostgres({
    dataDir,
    logger: pino({ level: 'silent' }),
    // Tests only: durability buys nothing here and costs seconds.
    serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
  });
  const clusterDir = realpathSync(path.join(dataDir, 'pg'));
  const relocated = path.dirname(clusterDir) !== realpathSync(dataDir);
  globalThis.__LEDGERLINE_PG__ = {
    stop: async () => {
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
      // A cluster kept outside the data folder (where /tmp is closed to the postgres user) goes too.
      if (relocated) rmSync(path.dirname(clusterDir), { recursive: true, force: true });
    },
  };
  const serverUrl = new URL(database.url);
  serverUrl.pathname = '/postgres';
  process.env.TEST_DATABASE_URL = serverUrl.toString();
}
