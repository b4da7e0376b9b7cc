import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import type { Logger } from 'pino';
import { APPEND_SCENARIOS, AppendMeasurement, runAppendScenario, STREAM_LENGTH } from './append-scenario';
import { parseStoreBenchOptions, STORE_BENCH_USAGE, StoreBenchOptions } from './store-bench-options';
import { CatchUpMeasurement, runCatchUp } from './catch-up';
import { describeMachine } from '../shared/machine-info';
import { createProgressReporter, ProgressReporter, trackPhase } from '../../../apps/cli/src/progress';
import { renderResultsTable, StoreBenchResults, writeResults } from './store-bench-results';
import { runBench } from '../shared/bench-session';

/** One pooled connection per concurrent writer: a writer waiting for a connection would time the pool. */
const POOL_SIZE = Math.max(...APPEND_SCENARIOS.map((s) => s.writers));

/**
 * `bench:store`: boots the database the app would use, benchmarks the PostgreSQL event store on a
 * throwaway database there, prints a table, writes JSON results, and leaves the app's data untouched.
 * Returns the exit code.
 */
export function benchStore(args: readonly string[]): Promise<number> {
  return runBench(
    {
      name: 'bench:store',
      usage: STORE_BENCH_USAGE,
      parse: parseStoreBenchOptions,
      interruptNotice: 'interrupted: finishing the appends in flight, then cleaning up',
      measure: ({ url, embedded, options, startedAt, logger, signal }) => measure(url, embedded, options, startedAt, logger, signal),
      write: writeResults,
      render: renderResultsTable,
    },
    args,
  );
}

async function measure(
  url: string,
  embedded: boolean,
  options: StoreBenchOptions,
  startedAt: Date,
  logger: Logger,
  signal: AbortSignal,
): Promise<StoreBenchResults> {
  const progress = createProgressReporter();
  const machine = await describeMachine(url, embedded ? 'embedded' : 'external');
  logger.info({ machine }, 'bench environment');
  if (!machine.postgres.durable) {
    logger.warn({ settings: machine.postgres.settings }, 'the server does not wait for the disk at commit: append figures will be far above a durable setup');
  }

  const appends: StoreBenchResults['appends'] = [];
  let appended = 0;
  const writerStore = PostgresEventStore.fromConnectionString(url, { max: POOL_SIZE });
  try {
    await writerStore.migrate();
    for (const scenario of APPEND_SCENARIOS) {
      if (signal.aborted) break;
      const warmUp = await runAppendScenario(writerStore, scenario, options.warmUpEvents, { signal });
      appended += warmUp.events;
      const measured = await trackPhase<AppendMeasurement>(
        progress,
        {
          label: scenario.label,
          total: roundUp(options.eventsPerScenario, scenario.batchSize),
          signal,
          summarize: (m) =>
            `${scenario.label}: ${m.events} events in ${(m.durationMs / 1000).toFixed(1)} s, ${Math.round(m.eventsPerSecond)} events/s, ` +
            `p50 ${m.latencyMs.p50.toFixed(2)} ms, p99 ${m.latencyMs.p99.toFixed(2)} ms`,
        },
        (advance) => runAppendScenario(writerStore, scenario, options.eventsPerScenario, { signal, onAppended: advance }),
      );
      appended += measured.events;
      // An interrupted scenario measured part of a run: not a figure to report.
      if (signal.aborted) break;
      logger.info({ scenario: scenario.id, ...measured }, 'append scenario measured');
      appends.push({ id: scenario.id, label: scenario.label, writers: scenario.writers, batchSize: scenario.batchSize, ...measured });
    }
  } finally {
    await writerStore.close();
  }

  const catchUp = await measureCatchUp(url, appended, progress, signal);
  if (!signal.aborted) logger.info({ scenario: 'catch-up', ...catchUp }, 'subscription catch-up measured');
  return {
    benchmark: 'store',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { eventsPerScenario: options.eventsPerScenario, warmUpEvents: options.warmUpEvents, streamLength: STREAM_LENGTH },
    machine,
    appends,
    catchUp,
  };
}

/**
 * A store of its own, with a cold pool and its own LISTEN connection, as a projector process starting
 * from scratch has. PostgreSQL's caches are warm from the appends, as they would be on a live server.
 */
async function measureCatchUp(url: string, expected: number, progress: ProgressReporter, signal: AbortSignal): Promise<CatchUpMeasurement> {
  const readerStore = PostgresEventStore.fromConnectionString(url, { max: 2 });
  try {
    if (signal.aborted) return { events: 0, durationMs: 0, eventsPerSecond: 0 };
    const catchUp = await trackPhase<CatchUpMeasurement>(
      progress,
      {
        label: 'subscription catch-up',
        total: expected,
        signal,
        summarize: (c) => `subscription catch-up: ${c.events} events in ${(c.durationMs / 1000).toFixed(1)} s, ${Math.round(c.eventsPerSecond)} events/s`,
      },
      (advance) => runCatchUp(readerStore, expected, { signal, onRead: advance }),
    );
    return catchUp;
  } finally {
    await readerStore.close();
  }
}

function roundUp(events: number, batchSize: number): number {
  return Math.ceil(events / batchSize) * batchSize;
}
