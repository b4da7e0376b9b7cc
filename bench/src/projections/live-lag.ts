import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProgressReporter } from '../../../apps/cli/src/progress';
import { CommandKind, CommandLoad, Probe } from './command-load';
import { Distribution, distributionOf } from '../shared/percentiles';

export interface LiveLagMeasurement {
  seconds: number;
  warmUpSeconds: number;
  targetCommandsPerSecond: number;
  /** Commands sent in the measured window, over its length: below the target when the load fell behind. */
  commandsPerSecond: number;
  commands: number;
  /** Commands that did not answer 2xx (or not at all): every command the load sends is valid, so any is a defect. */
  failedCommands: number;
  /** Commands that went through but whose `?after=` read did not answer 200 (503: not visible within 5 s). */
  failedReads: number;
  /** Commands of the untimed warm-up that failed: not in the figures, but a failure all the same. */
  warmUpFailedCommands: number;
  /** Of the failed commands, warm-up included, those the app refused (4xx): a command the load should not have sent. */
  refusedCommands: number;
  /** Every failure, warm-up included, counted by what failed and why (`command confirm-order: 503 CREDIT_CHECK_UNAVAILABLE`). */
  failures: Record<string, number>;
  /** Send → command response. */
  commandMs: Distribution;
  /** Send → `?after=` read answers 200: the append-to-visible lag a client sees. */
  visibleMs: Distribution;
  /** Command response → read answers 200: the read model's own share of it. */
  readWaitMs: Distribution;
  /** Send → a separate subscriber reads the event (log-watcher.ts): what the event store adds before any projection. */
  logVisibleMs: Distribution;
  byKind: Partial<Record<CommandKind, { commandMs: Distribution; visibleMs: Distribution }>>;
  /** 1-minute load average when the measured window started. */
  loadAverage: number;
  /**
   * This process (app, its projections and the load's client share one event loop) during the window: CPU
   * time over wall time (100 = one core busy), and how late timers fired. A loop that is late by tens of
   * milliseconds delays every read, whatever the database does.
   */
  process: { cpuPercent: number; eventLoopDelayMs: { p50: number; p99: number; max: number } };
}

/**
 * An open-loop load: a command every 1/rate seconds whether or not earlier ones have answered (a closed
 * loop would slow down exactly when the app does and hide the lag). First an untimed warm-up at the same
 * rate (JIT, connection pools, first queries of each read model), then the measured window; every probe
 * started in it is awaited and counted.
 */
export async function measureLiveLag(
  load: CommandLoad,
  options: { seconds: number; warmUpSeconds: number; rate: number; progress: ProgressReporter; signal: AbortSignal },
): Promise<LiveLagMeasurement> {
  const warmUp = await sendAtRate(load, options.warmUpSeconds, options.rate, options.signal);
  const warmUpFailed = warmUp.probes.filter((p) => p.failedAt === 'command');
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  const total = Math.round(options.seconds * options.rate);
  options.progress.start(`live load at ${options.rate}/s (commands)`, total);
  let probes: Probe[] = [];
  let sendingMs = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  try {
    ({ probes, sendingMs } = await sendAtRate(load, options.seconds, options.rate, options.signal, () => options.progress.advance(1)));
  } finally {
    loop.disable();
    options.progress.finish(`live load at ${options.rate}/s: ${probes.length} commands sent in ${(sendingMs / 1000).toFixed(1)} s`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100;
  const ok = probes.filter((p) => p.ok);
  const failed = probes.filter((p) => !p.ok);
  const kinds = [...new Set(ok.map((p) => p.kind))].sort();
  return {
    seconds: options.seconds,
    warmUpSeconds: options.warmUpSeconds,
    targetCommandsPerSecond: options.rate,
    commandsPerSecond: sendingMs > 0 ? (probes.length * 1000) / sendingMs : 0,
    commands: probes.length,
    failedCommands: failed.filter((p) => p.failedAt === 'command').length,
    failedReads: failed.filter((p) => p.failedAt === 'read').length,
    warmUpFailedCommands: warmUpFailed.length,
    refusedCommands: [...warmUpFailed, ...failed].filter((p) => p.failedAt === 'command' && p.status !== undefined && p.status >= 400 && p.status < 500).length,
    failures: countFailures([...warmUpFailed, ...failed]),
    commandMs: distributionOf(ok.map((p) => p.commandMs)),
    visibleMs: distributionOf(ok.map((p) => p.visibleMs)),
    readWaitMs: distributionOf(ok.map((p) => p.readWaitMs)),
    logVisibleMs: distributionOf(ok.map((p) => p.logVisibleMs).filter((ms) => !Number.isNaN(ms))),
    byKind: Object.fromEntries(
      kinds.map((kind) => {
        const of = ok.filter((p) => p.kind === kind);
        return [kind, { commandMs: distributionOf(of.map((p) => p.commandMs)), visibleMs: distributionOf(of.map((p) => p.visibleMs)) }];
      }),
    ),
    loadAverage,
    process: {
      cpuPercent: Math.round(cpuPercent),
      eventLoopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    },
  };
}

/** Failures counted by where, which command and why, most frequent first. */
function countFailures(probes: readonly Probe[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const p of probes) {
    const key = `${p.failedAt} ${p.kind}: ${p.error}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/**
 * Sends `seconds × rate` probes on schedule and waits for them all. `sendingMs` is the time the sends took
 * (one interval per command, so a load that kept up measures exactly `seconds`).
 */
async function sendAtRate(
  load: CommandLoad,
  seconds: number,
  rate: number,
  signal: AbortSignal,
  onSent?: () => void,
): Promise<{ probes: Probe[]; sendingMs: number }> {
  const count = Math.round(seconds * rate);
  const interval = 1000 / rate;
  const probes: Probe[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let lastSent = start - interval;
  for (let i = 0; i < count && !signal.aborted; i++) {
    // Due times from the start, not from the previous send: a late timer does not slow the whole load.
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    lastSent = performance.now();
    inFlight.push(load.probe().then((probe) => void probes.push(probe)));
    onSent?.();
  }
  await Promise.all(inFlight);
  return { probes, sendingMs: lastSent - start + interval };
}
