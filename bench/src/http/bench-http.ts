import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createBenchLogger } from '../shared/bench-logger';
import { UsageError } from '../shared/bench-options';
import { describeMachine, MachineInfo } from '../shared/machine-info';
import { AppUnderTest, checkoutCommit, startApp } from './app-under-test';
import { HTTP_BENCH_USAGE, HttpBenchOptions, parseHttpBenchOptions, ProjectionsMode, ScenarioName } from './http-bench-options';
import { erroredRuns, HttpBenchResults, HttpRun, HttpSection, renderHttpTables, windowFigures, writeHttpResults } from './http-bench-results';
import { LoadProcess } from './load-process';
import { RunProgress } from './run-progress';
import { ServerActivity } from './server-activity';
import { startCommand } from './start-command';

/** Seed of the scenarios' choices (which products an order takes, which order the read mix reads). */
const SEED = 1;

class Interrupted extends Error {}

/**
 * `bench:http`: the app as `npm start` runs it, driven over loopback by a separate load process, one
 * fresh app per projections mode; every scenario × clients run is a warm-up flowing into a timed part.
 * Prints the tables, writes JSON, removes each app and its data folder (also on Ctrl-C). Returns the exit
 * code: 0, 1 failed or a request failed, 2 bad usage, 130 interrupted.
 */
export async function benchHttp(args: readonly string[]): Promise<number> {
  let options: HttpBenchOptions | 'help';
  try {
    options = parseHttpBenchOptions(args);
    if (options !== 'help') checkAppRoot(options.appRoot);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench:http: ${error.message}\n\n${HTTP_BENCH_USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${HTTP_BENCH_USAGE}\n`);
    return 0;
  }

  const logger = createBenchLogger(process.env.LOG_LEVEL || 'info', 'bench:http');
  const interrupted = new AbortController();
  const onSignal = () => {
    logger.warn('interrupted: stopping the load and the app, then removing its data folder');
    interrupted.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const startedAt = new Date();
  const progress = new RunProgress(process.stderr, options.requests === null ? options.durationSeconds : null);
  const sections: HttpSection[] = [];
  const machine: { info?: MachineInfo } = {};
  try {
    for (const mode of options.projections) {
      if (interrupted.signal.aborted) break;
      sections.push(await measureSection(mode, options, machine, progress, logger, interrupted.signal));
    }
  } catch (error) {
    if (interrupted.signal.aborted) return 130;
    logger.error({ err: error }, 'bench:http failed');
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupted.signal.aborted || !machine.info) return 130;

  const start = startCommand(options.appRoot);
  const results: HttpBenchResults = {
    benchmark: 'http',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: {
      durationSeconds: options.requests === null ? options.durationSeconds : null,
      requests: options.requests,
      warmUpSeconds: options.warmUpSeconds,
      clients: options.clients,
      scenarios: options.scenarios,
      projections: options.projections,
    },
    app: { root: options.appRoot, commit: checkoutCommit(options.appRoot), startScript: start.script, command: [start.command, ...start.args] },
    machine: machine.info,
    sections,
  };
  const file = await writeHttpResults(options.outDir, results);
  process.stdout.write(`\n${renderHttpTables(results)}\n`);
  logger.info({ results, file }, 'bench:http results');
  const errored = erroredRuns(results);
  if (errored.length > 0) {
    const what = errored.map((r) => `${r.scenario} × ${r.clients}: ${r.runErrors}`).join(', ');
    logger.error({ file }, `bench:http: requests failed (${what})`);
    process.stderr.write(`\nbench:http FAILED: requests answered other than 2xx (${what}); the Errors lines above quote them\n`);
    return 1;
  }
  return 0;
}

/** The checkout given must have a start script the bench can run, before anything starts. */
function checkAppRoot(appRoot: string): void {
  try {
    startCommand(appRoot);
  } catch (error) {
    throw new UsageError(`--app-root ${appRoot}: ${(error as Error).message}`);
  }
}

/** One fresh app in `mode`, its fixtures, and every scenario × clients run on it; the app is gone after. */
async function measureSection(
  mode: ProjectionsMode,
  options: HttpBenchOptions,
  machine: { info?: MachineInfo },
  progress: RunProgress,
  logger: Logger,
  signal: AbortSignal,
): Promise<HttpSection> {
  progress.note(`starting the app (PROJECTIONS=${mode}) from ${options.appRoot} with a fresh data folder…`);
  const app = await startApp(options.appRoot, mode, signal);
  let activity: ServerActivity | undefined;
  let load: LoadProcess | undefined;
  try {
    logger.info({ projections: mode, pid: app.pid, postmasterPid: app.postmasterPid, baseUrl: app.baseUrl, bootSeconds: app.bootSeconds, command: [app.start.command, ...app.start.args] }, 'app started');
    machine.info ??= await describeMachine(app.serverUrl, 'embedded');
    if (!machine.info.postgres.durable) logger.warn({ settings: machine.info.postgres.settings }, 'the server does not wait for the disk at commit: figures are not comparable');
    activity = await ServerActivity.connect(app.serverUrl, app.pid, app.postmasterPid);
    const started = await LoadProcess.start(app.baseUrl, Math.max(...options.clients), SEED);
    load = started.load;
    progress.note(`app up in ${app.bootSeconds.toFixed(1)} s; setup: ${started.customers} customers, ${started.products} stocked products with stock`);

    const section: HttpSection = { projections: mode, bootSeconds: app.bootSeconds, setup: { customers: started.customers, products: started.products }, runs: [], skipped: [] };
    for (const scenario of options.scenarios) {
      if (scenario === 'read-mix' && mode === 'off') {
        section.skipped.push({ scenario, reason: 'it reads the projections, which nothing runs with PROJECTIONS=off' });
        continue;
      }
      for (const clients of options.clients) {
        if (signal.aborted) throw new Interrupted();
        const run = await measureRun(app, activity, load, scenario, clients, options, progress, signal);
        logger.info({ projections: mode, ...run }, 'run measured');
        section.runs.push(run);
      }
    }
    return section;
  } finally {
    await load?.close();
    await activity?.close().catch(() => undefined);
    await app.stop();
  }
}

/** The warm-up, then the timed part between two snapshots taken while the load runs on. */
async function measureRun(
  app: AppUnderTest,
  activity: ServerActivity,
  load: LoadProcess,
  scenario: ScenarioName,
  clients: number,
  options: HttpBenchOptions,
  progress: RunProgress,
  signal: AbortSignal,
): Promise<HttpRun> {
  const label = `${scenario} × ${clients}`;
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  let completed = 0;
  progress.startRun(label);
  await load.run(scenario, clients, (n) => {
    completed = n;
    progress.update(n);
  });
  let stopped: { errors: number; errorSamples: string[] } | undefined;
  // The app going away mid-run (a crash, a signal from elsewhere) ends the run at once, with its last words.
  const appEnded = app.ended.then(() => {
    throw new Error(`the app ended during ${label}:\n${app.recentOutput()}`);
  });
  appEnded.catch(() => undefined);
  // The run's waits end with it, however it ends: no timer left to keep the bench alive.
  const timers = new AbortController();
  const wait = (ms: number) => sleep(ms, undefined, { signal: timers.signal }).catch(() => undefined);
  try {
    await until(Promise.race([wait(options.warmUpSeconds * 1000), appEnded]), signal);
    const before = await activity.snapshot();
    const { reached } = await load.count(options.requests);
    progress.timed(completed);
    await until(Promise.race([options.requests === null ? wait(options.durationSeconds * 1000) : reached, appEnded]), signal);
    const after = await activity.snapshot();
    const window = await load.endCount();
    stopped = await load.stop();
    if (!app.running()) await appEnded;
    const figures = windowFigures(window, before, after);
    progress.finishRun(
      `${label}: ${figures.requests} requests in ${figures.seconds.toFixed(1)} s, ${Math.round(figures.requestsPerSecond)}/s, ` +
        `p50 ${figures.latencyMs.p50.toFixed(1)} ms, p99 ${figures.latencyMs.p99.toFixed(1)} ms, ${figures.errors} errors, ` +
        `${figures.pgTransactionsPerRequest.toFixed(2)} tx/req`,
    );
    return { scenario, clients, ...figures, runErrors: stopped.errors, errorSamples: stopped.errorSamples, loadAverage };
  } finally {
    timers.abort();
    if (!stopped) {
      await load.stop().catch(() => undefined);
      progress.finishRun(`${label}: ${signal.aborted ? 'interrupted' : 'failed'}`);
    }
  }
}

/** `work`, or Interrupted as soon as Ctrl-C arrives. */
async function until(work: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new Interrupted();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
