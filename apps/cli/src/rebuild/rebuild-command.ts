import { Pool } from 'pg';
import { createEventStore } from '@ledgerline/event-store/create-event-store';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { startDatabase } from '@ledgerline/platform/database/database-boot';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { rebuildProjection } from '@ledgerline/projections/runtime/rebuild';
import { createCliLogger } from '../cli-logger';
import { countEvents } from '../count-events';
import { closePool } from '@ledgerline/platform/database/close-pool';
import { createProgressReporter } from '../progress';

const USAGE = `Usage: npm run cli -- rebuild <projection|all>

Replays the whole log into a fresh generation of the projection beside the live one, swaps it in once it
has caught up, and drops the old one. Reads keep working throughout. Projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}.`;

/** `rebuild <projection|all>`: blue/green rebuilds with a progress bar (events/s, ETA). */
export async function rebuildCommand(args: readonly string[]): Promise<number> {
  const [target] = args;
  if (!target || target === '--help' || args.length > 1) {
    process.stdout.write(`${USAGE}\n`);
    return target === '--help' ? 0 : 2;
  }
  const projections = target === 'all' ? ALL_PROJECTIONS : ALL_PROJECTIONS.filter((p) => p.name === target);
  if (projections.length === 0) {
    process.stderr.write(`Unknown projection: ${target}\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = createCliLogger(config.LOG_LEVEL, 'rebuild');
  const database = await startDatabase(config, logger);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const store = await createEventStore(config, pool, database.url);
  try {
    const total = await countEvents(store);
    const progress = createProgressReporter();
    for (const projection of projections) {
      progress.start(`rebuild ${projection.name}`, total);
      let reported = 0;
      const result = await rebuildProjection({
        store,
        pool,
        databaseUrl: database.url,
        projection,
        onProgress: (applied) => {
          progress.advance(applied - reported);
          reported = applied;
        },
      });
      progress.finish(
        `${projection.name}: generation ${result.generation} live, ${result.eventsApplied} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond} events/s)` +
          (result.droppedPrevious ? '' : `; generation ${result.previousGeneration} still in use, drop it later`),
      );
      logger.info({ result }, 'projection rebuilt');
    }
    return 0;
  } finally {
    await store.close();
    await closePool(pool);
    await database.stop();
  }
}
