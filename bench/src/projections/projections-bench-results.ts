import { benchTitle, writeBenchResults } from '../shared/bench-results-file';
import type { LiveLagMeasurement } from './live-lag';
import type { LogWriteMeasurement } from '../history/log-writer';
import type { MachineInfo } from '../shared/machine-info';
import { integer, markdownTable } from '../shared/markdown-table';
import type { OrderMix } from '../history/order-story';
import type { Distribution } from '../shared/percentiles';
import type { RebuildMeasurement } from './rebuild-timing';

/**
 * The targets on 2 cores: a rebuild of at least 20,000 events/s, and read-your-writes (send → visible) p99
 * under 50 ms at 40 commands/s and under 150 ms at 400. Another rate has no target.
 */
export const TARGETS = { rebuildEventsPerSecond: 20_000, lagP99MsByRate: { 40: 50, 400: 150 } as Readonly<Record<number, number>> } as const;

/** The lag target at `rate` commands/s, if there is one. */
export const lagTargetAt = (rate: number): number | null => TARGETS.lagP99MsByRate[rate] ?? null;

/** One live-lag window and how it fared against its target. */
export interface LiveLagResult extends LiveLagMeasurement {
  /** The p99 target at this rate (null: none at this rate). */
  targetLagP99Ms: number | null;
  /** Judged on send → visible, the lag a client sees (it includes the command itself), and no failure at all. */
  lagMet: boolean | null;
}

/**
 * Why the run must exit 1, if it must: a command of the live load failed, warm-ups included. Refused ones
 * (4xx) mean the load sent a command it should not have; the others (5xx, no answer) that the app did not
 * serve it, as happens at a rate it cannot keep up with.
 */
export function liveLoadFailure(results: ProjectionsBenchResults): string | undefined {
  const failed = results.liveLags.reduce((n, lag) => n + lag.failedCommands + lag.warmUpFailedCommands, 0);
  const refused = results.liveLags.reduce((n, lag) => n + lag.refusedCommands, 0);
  if (failed === 0) return undefined;
  return (
    `${failed} commands of the live load failed: ${refused} refused (4xx; the load must send only valid commands), ` +
    `${failed - refused} not served (5xx or no answer; the app did not keep up). The Failures lines above say which and why`
  );
}

/** Everything one run measured; written as JSON, so field names are part of the format. */
export interface ProjectionsBenchResults {
  benchmark: 'projections';
  startedAt: string;
  finishedAt: string;
  options: { events: number; seed: number; lagSeconds: number; rates: number[]; writers: number; maxEventsPerAppend: number; creditCustomers: number; creditLimit: string };
  machine: MachineInfo;
  log: LogWriteMeasurement & { customers: number; products: number; mix: OrderMix; loadAverage: number };
  rebuilds: RebuildMeasurement[];
  slowestRebuild: { projection: string; eventsPerSecond: number } | null;
  /** One window per rate, in the order run (none when interrupted before). */
  liveLags: LiveLagResult[];
  targets: {
    rebuildEventsPerSecond: number;
    rebuildMet: boolean | null;
  };
}

export const writeProjectionsResults = (directory: string, results: ProjectionsBenchResults): Promise<string> => writeBenchResults(directory, 'projections', results);

/** The tables printed at the end (and pasted into bench/README.md). */
export function renderProjectionsTable(results: ProjectionsBenchResults): string {
  const { machine, log, rebuilds, liveLags, targets } = results;
  const title = benchTitle(machine);
  const { mix } = log;
  const logLine =
    `Log: ${integer(log.events)} events (${integer(log.customers)} customers, ${integer(log.products)} products, ${integer(mix.orders)} orders: ` +
    `${integer(mix.shipments)} shipments, ${integer(mix.returns)} returns, ${integer(mix.invoices)} invoices, ${integer(mix.canceled)} canceled, ` +
    `${integer(mix.discarded)} discarded), ${integer(log.appends)} appends by ${log.writers} writers in ${seconds(log.durationMs / 1000)} s: ` +
    `${integer(log.eventsPerSecond)} events/s (load ${log.loadAverage})`;

  const rebuildTable = markdownTable(
    ['Rebuild', 'Events', 'Seconds', 'Events/s', 'With swap s', 'Node CPU %', 'Load'],
    rebuilds.map((r) => [
      r.projection,
      integer(r.events),
      seconds(r.seconds),
      integer(r.eventsPerSecond),
      seconds(r.totalSeconds),
      String(r.nodeCpuPercent),
      r.loadAverage.toFixed(2),
    ]),
  );
  const slowest = results.slowestRebuild
    ? `Slowest rebuild: ${results.slowestRebuild.projection} at ${integer(results.slowestRebuild.eventsPerSecond)} events/s ` +
      `(target ≥ ${integer(targets.rebuildEventsPerSecond)}: ${targets.rebuildMet ? 'met' : 'NOT met'})`
    : 'No rebuild measured.';

  const parts = [title, logLine, rebuildTable, slowest];
  for (const liveLag of liveLags) {
    const row = (label: string, d: Distribution) => [label, integer(d.count), ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max)];
    const rows = [
      row('command (send → response)', liveLag.commandMs),
      row('visible (send → read 200)', liveLag.visibleMs),
      row('read wait (response → 200)', liveLag.readWaitMs),
      row('in log (send → subscriber reads it)', liveLag.logVisibleMs),
      ...Object.entries(liveLag.byKind).map(([kind, d]) => row(`  visible: ${kind}`, d.visibleMs)),
    ];
    const target = liveLag.targetLagP99Ms === null ? 'no target at this rate' : `target < ${liveLag.targetLagP99Ms} ms: ${liveLag.lagMet ? 'met' : 'NOT met'}`;
    const failed = liveLag.failedCommands + liveLag.warmUpFailedCommands;
    parts.push(
      `Live lag: ${liveLag.seconds} s at ${liveLag.targetCommandsPerSecond} commands/s (sent ${liveLag.commandsPerSecond.toFixed(1)}/s, ` +
        `${integer(liveLag.commands)} commands, ${failed === 0 ? 'none failed' : `${failed} FAILED`} (${liveLag.warmUpFailedCommands} of them in the warm-up), ` +
        `${liveLag.failedReads} reads not visible in time; ${liveLag.warmUpSeconds} s warm-up not counted; load ${liveLag.loadAverage})`,
      markdownTable(['Measure', 'Count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows),
      `Lag p99 ${ms(liveLag.visibleMs.p99)} ms (${target}). ` +
        `This process: ${liveLag.process.cpuPercent} % CPU, event-loop delay p50 ${ms(liveLag.process.eventLoopDelayMs.p50)} / ` +
        `p99 ${ms(liveLag.process.eventLoopDelayMs.p99)} / max ${ms(liveLag.process.eventLoopDelayMs.max)} ms` +
        (Object.keys(liveLag.failures).length > 0
          ? `\nFailures: ${Object.entries(liveLag.failures)
              .map(([what, count]) => `${integer(count)} × ${what}`)
              .join('; ')}`
          : ''),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

const seconds = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ms = (n: number): string => n.toFixed(1);
