import { Client, QueryResultRow } from 'pg';
import type { Logger } from 'pino';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const PREFIX = 'ledgerline_bench_';

/**
 * A throwaway database next to the app's on the same server, so the bench measures an empty log and
 * never touches the app's data. `serverUrl` is any database on that server the role may connect to; the
 * role needs CREATEDB.
 */
export async function createScratchDatabase(serverUrl: string, startedAt: Date): Promise<ScratchDatabase> {
  // e.g. ledgerline_bench_20250101_120000: sortable, and a valid identifier without quoting.
  const name = PREFIX + startedAt.toISOString().slice(0, 19).replace(/-|:/g, '').replace('T', '_');
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`).catch((error: unknown) => {
    throw new Error(`Could not create the bench database ${name} (the role needs CREATEDB): ${(error as Error).message}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a connection left over after an error must not keep the database alive.
    drop: async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Bench databases an interrupted run left behind (Ctrl-C stops the embedded server before the bench can
 * drop its database). Dropped only when `drop` is true: on the embedded server this process is the only
 * client; on a shared server another bench might be running, so they are just reported.
 */
export async function sweepLeftoverDatabases(serverUrl: string, drop: boolean, logger: Logger): Promise<void> {
  const names = await adminQuery<{ datname: string }>(serverUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
    PREFIX,
  ]);
  for (const { datname } of names) {
    if (!/^[a-z0-9_]+$/.test(datname)) continue;
    if (drop) {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      logger.warn({ database: datname }, 'dropped a bench database an interrupted run left behind');
    } else {
      logger.warn({ database: datname }, `bench database left behind by an earlier run; drop it with: DROP DATABASE ${datname}`);
    }
  }
}

async function adminQuery<R extends QueryResultRow = QueryResultRow>(serverUrl: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
