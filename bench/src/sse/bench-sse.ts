import os from 'node:os';
import type { Logger } from 'pino';
import { createProgressReporter, ProgressReporter, trackPhase } from '../../../apps/cli/src/progress';
import { runBench } from '../shared/bench-session';
import { IdleStreamsProcess } from './idle-streams-process';
import { LiveApp, startLiveApp } from '../shared/live-app';
import { describeMachine } from '../shared/machine-info';
import { distributionOf } from '../shared/percentiles';
import { parseSseBenchOptions, SSE_BENCH_USAGE, SseBenchOptions } from './sse-bench-options';
import { renderSseTable, SSE_TARGET, SseBenchResults, SsePhase, writeSseResults } from './sse-bench-results';
import { timeWrites } from './write-latency';

/** How long the streams get, after the last write, to deliver what was written. */
const DELIVERY_TIMEOUT_MS = 30_000;

/**
 * `bench:sse`: boots the HTTP app on a throwaway database and times sequential writes with no event stream
 * open, then with idle SSE streams connected (what a write costs per open stream). Prints a table, writes
 * JSON, leaves the app's data untouched. Returns the exit code.
 */
export function benchSse(args: readonly string[]): Promise<number> {
  return runBench(
    {
      name: 'bench:sse',
      usage: SSE_BENCH_USAGE,
      parse: parseSseBenchOptions,
      interruptNotice: 'interrupted: finishing the write in flight, then cleaning up',
      measure: ({ url, embedded, options, startedAt, logger, signal }) => measure(url, embedded, options, startedAt, logger, signal),
      write: writeSseResults,
      render: renderSseTable,
    },
    args,
  );
}

async function measure(url: string, embedded: boolean, options: SseBenchOptions, startedAt: Date, logger: Logger, signal: AbortSignal): Promise<SseBenchResults> {
  const progress = createProgressReporter();
  const machine = await describeMachine(url, embedded ? 'embedded' : 'external');
  logger.info({ machine }, 'bench environment');
  if (!machine.postgres.durable) {
    logger.warn({ settings: machine.postgres.settings }, 'the server does not wait for the disk at commit: figures will be far below a durable setup');
  }
  // The cap on open streams must not be what the bench measures.
  const app = await startLiveApp(url, { SSE_MAX_STREAMS: String(Math.max(1000, options.streams)) });
  const phases: SsePhase[] = [];
  try {
    const without = await timedPhase(app, 0, options, progress, signal);
    phases.push(without.phase);
    if (!signal.aborted) phases.push(await phaseWithStreams(app, without.lastPosition, options, progress, logger, signal));
  } finally {
    await app.close();
  }
  const [base, loaded] = phases;
  const medianRatio = base && loaded && !signal.aborted ? loaded.writeMs.p50 / base.writeMs.p50 : null;
  return {
    benchmark: 'sse',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { writes: options.writes, streams: options.streams, warmUpWrites: options.warmUpWrites },
    machine,
    phases,
    medianRatio,
    target: { maxMedianRatio: SSE_TARGET.maxMedianRatio, met: medianRatio === null ? null : medianRatio <= SSE_TARGET.maxMedianRatio && phases.every((p) => p.delivery?.complete ?? true) },
  };
}

/** An untimed warm-up, then the timed writes. */
async function timedPhase(app: LiveApp, openStreams: number, options: SseBenchOptions, progress: ProgressReporter, signal: AbortSignal) {
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  await timeWrites(app.baseUrl, options.warmUpWrites, `warm-up ${openStreams}`, signal);
  const label = `writes, ${openStreams} open streams`;
  const cpu = process.cpuUsage();
  const timed = await trackPhase(
    progress,
    { label, total: options.writes, signal, summarize: (t) => `${label}: p50 ${distributionOf(t.samples).p50.toFixed(1)} ms` },
    () => timeWrites(app.baseUrl, options.writes, `timed ${openStreams}`, signal),
  );
  const { user, system } = process.cpuUsage(cpu);
  const cpuMsPerWrite = (user + system) / 1000 / Math.max(1, timed.samples.length);
  return { phase: { openStreams, writeMs: distributionOf(timed.samples), cpuMsPerWrite, loadAverage }, lastPosition: timed.lastPosition };
}

/** The streams start after everything written so far, so each should get exactly the warm-up and the timed writes. */
async function phaseWithStreams(
  app: LiveApp,
  after: string,
  options: SseBenchOptions,
  progress: ProgressReporter,
  logger: Logger,
  signal: AbortSignal,
): Promise<SsePhase> {
  const streams = await IdleStreamsProcess.open(app.baseUrl, options.streams, after);
  logger.info({ streams: options.streams }, 'idle streams open');
  try {
    const { phase } = await timedPhase(app, options.streams, options, progress, signal);
    const expectedPerStream = options.warmUpWrites + options.writes;
    const { complete, fewestReceived, mostReceived, failures, cpuMs } = await streams.waitForEach(expectedPerStream, signal.aborted ? 0 : DELIVERY_TIMEOUT_MS);
    return {
      ...phase,
      delivery: { expectedPerStream, fewestReceived, mostReceived, complete: complete && !signal.aborted, failures, clientCpuMsPerWrite: cpuMs / expectedPerStream },
    };
  } finally {
    await streams.close();
  }
}
