import os from 'node:os';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import type { Projection } from '@ledgerline/projections/runtime/projection';
import { rebuildProjection, RebuildResult } from '@ledgerline/projections/runtime/rebuild';
import { ProgressReporter, trackPhase } from '../../../apps/cli/src/progress';
import { closePool } from '@ledgerline/platform/database/close-pool';
import { elapsedMs } from '../shared/latency';

export interface RebuildMeasurement {
  projection: string;
  /** Events the projection applied: the whole log (it sees every event, ADR 0006, and skips what it does not read). */
  events: number;
  /** Replay from empty to the head, as rebuildProjection times it: the figure the target is about. */
  seconds: number;
  eventsPerSecond: number;
  /** The whole call: migrations, replay, swap, and the grace before the old generation is dropped. */
  totalSeconds: number;
  /** 1-minute load average when this rebuild started. */
  loadAverage: number;
  /**
   * CPU time of this process (reading the log, the projection's fold, TypeORM) over wall time, from the call
   * to the last event applied; 100 = one core. What PostgreSQL does runs beside it, on the other core.
   */
  nodeCpuPercent: number;
}

/**
 * Rebuilds each projection with the runtime's own `rebuildProjection` (rebuild beside, then swap), one after
 * the other so none competes with another for the two cores, and times each. A projection that fails on an
 * event stops the bench: the generated log would then not be one the app could have written.
 */
export async function timeRebuilds(
  databaseUrl: string,
  projections: readonly Projection[],
  logEvents: number,
  progress: ProgressReporter,
  logger: Logger,
  signal: AbortSignal,
): Promise<RebuildMeasurement[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  const store = PostgresEventStore.fromConnectionString(databaseUrl, { max: 4 });
  const measurements: RebuildMeasurement[] = [];
  try {
    for (const projection of projections) {
      // rebuildProjection takes no signal: Ctrl-C lets the rebuild under way finish, then stops.
      if (signal.aborted) break;
      const loadAverage = round2(os.loadavg()[0]);
      const started = process.hrtime.bigint();
      const cpuBefore = process.cpuUsage();
      let replay = { cpu: cpuBefore, ms: 0 };
      let reported = 0;
      const result = await trackPhase<RebuildResult>(
        progress,
        {
          label: `rebuild ${projection.name}`,
          total: logEvents,
          summarize: (r) => `rebuild ${r.projection}: ${r.eventsApplied} events in ${r.seconds.toFixed(2)} s, ${r.eventsPerSecond} events/s`,
        },
        (advance) =>
          rebuildProjection({
            store,
            pool,
            databaseUrl,
            projection,
            onProgress: (applied) => {
              advance(applied - reported);
              reported = applied;
              // The log is all applied: the rest of the call (swap, grace, drop) is mostly waiting.
              if (applied >= logEvents && replay.ms === 0) replay = { cpu: process.cpuUsage(cpuBefore), ms: elapsedMs(started) };
            },
          }),
      );
      const totalMs = elapsedMs(started);
      const cpu = replay.ms > 0 ? replay.cpu : process.cpuUsage(cpuBefore);
      const cpuMs = replay.ms > 0 ? replay.ms : totalMs;
      const measurement: RebuildMeasurement = {
        projection: projection.name,
        events: result.eventsApplied,
        seconds: result.seconds,
        eventsPerSecond: result.eventsApplied / result.seconds,
        totalSeconds: totalMs / 1000,
        loadAverage,
        nodeCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / cpuMs) * 100),
      };
      logger.info({ ...measurement, generation: result.generation }, 'projection rebuilt');
      measurements.push(measurement);
    }
    return measurements;
  } finally {
    await store.close();
    await closePool(pool);
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
