import os from 'node:os';
import type { Logger } from 'pino';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { createProgressReporter, ProgressReporter, trackPhase } from '../../../apps/cli/src/progress';
import { CommandLoad, creditLimitBeyond } from './command-load';
import { startLiveApp } from '../shared/live-app';
import { measureLiveLag } from './live-lag';
import { LogWatcher } from './log-watcher';
import { MAX_EVENTS_PER_APPEND, OrderToCashLog } from '../history/log-generator';
import { LogWriteMeasurement, writeLog } from '../history/log-writer';
import { describeMachine } from '../shared/machine-info';
import { parseProjectionsBenchOptions, PROJECTIONS_BENCH_USAGE, ProjectionsBenchOptions } from './projections-bench-options';
import {
  lagTargetAt,
  LiveLagResult,
  liveLoadFailure,
  ProjectionsBenchResults,
  renderProjectionsTable,
  TARGETS,
  writeProjectionsResults,
} from './projections-bench-results';
import { timeRebuilds } from './rebuild-timing';
import { SeededRandom } from '../history/seeded-random';
import { runBench } from '../shared/bench-session';

/** Concurrent writers filling the log: enough to share WAL flushes (group commit), as a busy api does. */
const WRITERS = 8;
/** Untimed live load before each measured window: JIT, pools and each read model's first queries. */
const LIVE_WARM_UP_SECONDS = 2;
/** Customers opened with a credit limit for the live load (command-load.ts `openCreditAccounts`). */
const CREDIT_CUSTOMERS = 10;

/**
 * `bench:projections`: on a throwaway database, generates an order-to-cash log, rebuilds every projection
 * from it (events/s each), then boots the HTTP app on it and measures, under a steady command load at each
 * rate, how long a command takes to show in its read model (`?after=`). Prints a table, writes JSON, leaves
 * the app's data untouched. Returns the exit code: 1 also when a command of the live load failed.
 */
export function benchProjections(args: readonly string[]): Promise<number> {
  return runBench(
    {
      name: 'bench:projections',
      usage: PROJECTIONS_BENCH_USAGE,
      parse: parseProjectionsBenchOptions,
      interruptNotice: 'interrupted: finishing the step under way, then cleaning up',
      measure: ({ url, embedded, options, startedAt, logger, signal }) => measure(url, embedded, options, startedAt, logger, signal),
      write: writeProjectionsResults,
      render: renderProjectionsTable,
      failure: liveLoadFailure,
    },
    args,
  );
}

async function measure(
  url: string,
  embedded: boolean,
  options: ProjectionsBenchOptions,
  startedAt: Date,
  logger: Logger,
  signal: AbortSignal,
): Promise<ProjectionsBenchResults> {
  const progress = createProgressReporter();
  const machine = await describeMachine(url, embedded ? 'embedded' : 'external');
  logger.info({ machine, projections: ALL_PROJECTIONS.map((p) => p.name) }, 'bench environment');
  if (!machine.postgres.durable) {
    logger.warn({ settings: machine.postgres.settings }, 'the server does not wait for the disk at commit: figures will be far above a durable setup');
  }

  const generator = new OrderToCashLog(options.events, options.seed);
  const logLoad = loadAverage();
  const log = await fillLog(url, generator, options.events, progress, signal);
  const logResults = {
    ...log,
    customers: generator.catalogue.customers.length,
    products: generator.catalogue.stocked.length + generator.catalogue.services.length,
    mix: generator.mix,
    loadAverage: logLoad,
  };
  if (!signal.aborted) logger.info(logResults, 'order-to-cash log written');

  const rebuilds = signal.aborted ? [] : await timeRebuilds(url, ALL_PROJECTIONS, log.events, progress, logger, signal);
  const slowest = rebuilds.reduce<(typeof rebuilds)[number] | undefined>((min, r) => (!min || r.eventsPerSecond < min.eventsPerSecond ? r : min), undefined);

  const creditLimit = creditLimitBeyond(generator.catalogue, options.rates.reduce((n, rate) => n + Math.round((options.lagSeconds + LIVE_WARM_UP_SECONDS) * rate), 0));
  const liveLags = signal.aborted ? [] : await measureLag(url, generator, options, creditLimit, progress, signal);
  // An interrupted window measured part of a run: not a figure to report.
  if (!signal.aborted) for (const liveLag of liveLags) logger.info({ ...liveLag }, 'live lag measured');

  return {
    benchmark: 'projections',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: {
      events: options.events,
      seed: options.seed,
      lagSeconds: options.lagSeconds,
      rates: options.rates,
      writers: WRITERS,
      maxEventsPerAppend: MAX_EVENTS_PER_APPEND,
      creditCustomers: CREDIT_CUSTOMERS,
      creditLimit,
    },
    machine,
    log: logResults,
    rebuilds,
    slowestRebuild: slowest ? { projection: slowest.projection, eventsPerSecond: slowest.eventsPerSecond } : null,
    liveLags,
    targets: {
      rebuildEventsPerSecond: TARGETS.rebuildEventsPerSecond,
      rebuildMet: slowest ? slowest.eventsPerSecond >= TARGETS.rebuildEventsPerSecond : null,
    },
  };
}

/** Phase 1: the generated log, appended by concurrent writers through the PostgreSQL event store. */
async function fillLog(url: string, generator: OrderToCashLog, events: number, progress: ProgressReporter, signal: AbortSignal): Promise<LogWriteMeasurement> {
  // One connection per writer, and two for the invoice-number lane's appends.
  const store = PostgresEventStore.fromConnectionString(url, { max: WRITERS + 2 });
  try {
    await store.migrate();
    return await trackPhase<LogWriteMeasurement>(
      progress,
      {
        label: 'append order-to-cash log',
        total: events,
        signal,
        summarize: (m) => `log: ${m.events} events in ${(m.durationMs / 1000).toFixed(1)} s (${Math.round(m.eventsPerSecond)} events/s, ${m.appends} appends, ${m.writers} writers)`,
      },
      (advance) => writeLog(store, [generator.masterDataStories(), generator.orderStories()], { writers: WRITERS, signal, onAppended: advance }),
    );
  } finally {
    await store.close();
  }
}

/** Phase 3: the real app on the rebuilt read models, under a steady command load at each rate in turn. */
async function measureLag(
  url: string,
  generator: OrderToCashLog,
  options: ProjectionsBenchOptions,
  creditLimit: string,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<LiveLagResult[]> {
  const app = await startLiveApp(url);
  const watcher = new LogWatcher(url);
  const results: LiveLagResult[] = [];
  try {
    await watcher.start();
    const load = new CommandLoad(app.baseUrl, generator.catalogue, new SeededRandom(options.seed + 1), watcher);
    await load.openCreditAccounts(CREDIT_CUSTOMERS, creditLimit);
    for (const rate of options.rates) {
      if (signal.aborted) break;
      const lag = await measureLiveLag(load, { seconds: options.lagSeconds, warmUpSeconds: LIVE_WARM_UP_SECONDS, rate, progress, signal });
      const targetLagP99Ms = lagTargetAt(rate);
      const clean = lag.failedCommands + lag.warmUpFailedCommands + lag.failedReads === 0;
      results.push({ ...lag, targetLagP99Ms, lagMet: targetLagP99Ms === null ? null : lag.visibleMs.p99 < targetLagP99Ms && clean });
    }
    return results;
  } finally {
    await watcher.close();
    await app.close();
  }
}

const loadAverage = (): number => Math.round(os.loadavg()[0] * 100) / 100;
