import 'reflect-metadata';
import { Pool } from 'pg';
import { createEventStore } from '@ledgerline/event-store/create-event-store';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { startDatabase } from '@ledgerline/platform/database/database-boot';
import { createLogger } from '@ledgerline/platform/logging/logger';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { closePool } from '@ledgerline/platform/database/close-pool';
import { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';

/**
 * `npm run projector`: the projections alone, for production where the api runs with
 * PROJECTIONS=off. Each projection's advisory lock keeps one active runner per projection however
 * many projector (or api) processes run: the others stand by and take over when it stops.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'ledgerline-projector');
  const database = await startDatabase(config, logger);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle connection lost'));
  const store = await createEventStore(config, pool, database.url);
  const host = new ProjectionHost(store, pool, database.url, ALL_PROJECTIONS);
  await host.start();
  logger.info({ projections: ALL_PROJECTIONS.map((p) => p.name), eventStore: config.EVENT_STORE }, 'projector running');

  const report = setInterval(() => logger.info({ projections: host.statuses() }, 'projection status'), 30_000);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(report);
    await host.close();
    await store.close();
    await closePool(pool);
    await database.stop();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`Ledgerline projector failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
