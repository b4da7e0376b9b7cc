import { benchTitle, writeBenchResults } from '../shared/bench-results-file';
import type { LiveLagMeasurement } from './live-lag';
import type { LogWriteMeasurement } from '../history/log-writer';
import type { MachineInfo } from '../shared/machine-info';
import { integer, markdownTable } from '../shared/markdown-table';
import type { OrderMix } from '../history/order-story';
import type { Distribution } from '../shared/percentiles';
import type { RebuildMeasurement } from './rebuild-timing';

/** The targets: a rebuild of at least 20,000 events/s on 2 cores, and read-your-writes within 50 ms at p99. */
export const TARGETS = { rebuildEventsPerSecond: 20_000, lagP99Ms: 50 } as const;

/** Everything one run measured; written as JSON, so field names are part of the format. */
export interface ProjectionsBenchResults {
  benchmark: 'projections';
  startedAt: string;
  finishedAt: string;
  options: { events: number; seed: number; lagSeconds: number; commandsPerSecond: number; writers: number; maxEventsPerAppend: number };
  machine: MachineInfo;
  log: LogWriteMeasurement & { customers: number; products: number; mix: OrderMix; loadAverage: number };
  rebuilds: RebuildMeasurement[];
  slowestRebuild: { projection: string; eventsPerSecond: number } | null;
  liveLag: LiveLagMeasurement | null;
  targets: {
    rebuildEventsPerSecond: number;
    rebuildMet: boolean | null;
    lagP99Ms: number;
    /** Judged on send → visible, the lag a client sees (it includes the command itself). */
    lagMet: boolean | null;
  };
}

export const writeProjectionsResults = (directory: string, results: ProjectionsBenchResults): Promise<string> => writeBenchResults(directory, 'projections', results);

/** The tables printed at the end (and pasted into bench/README.md). */
export function renderProjectionsTable(results: ProjectionsBenchResults): string {
  const { machine, log, rebuilds, liveLag, targets } = results;
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
  if (liveLag) {
    const row = (label: string, d: Distribution) => [label, integer(d.count), ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max)];
    const rows = [
      row('command (send → response)', liveLag.commandMs),
      row('visible (send → read 200)', liveLag.visibleMs),
      row('read wait (response → 200)', liveLag.readWaitMs),
      row('in log (send → subscriber reads it)', liveLag.logVisibleMs),
      ...Object.entries(liveLag.byKind).map(([kind, d]) => row(`  visible: ${kind}`, d.visibleMs)),
    ];
    parts.push(
      `Live lag: ${liveLag.seconds} s at ${liveLag.targetCommandsPerSecond} commands/s (sent ${liveLag.commandsPerSecond.toFixed(1)}/s, ` +
        `${integer(liveLag.commands)} commands, ${liveLag.failures} failed; ${liveLag.warmUpSeconds} s warm-up not counted; load ${liveLag.loadAverage})`,
      markdownTable(['Measure', 'Count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows),
      `Lag p99 ${ms(liveLag.visibleMs.p99)} ms (target < ${targets.lagP99Ms} ms: ${targets.lagMet ? 'met' : 'NOT met'}). ` +
        `This process: ${liveLag.process.cpuPercent} % CPU, event-loop delay p50 ${ms(liveLag.process.eventLoopDelayMs.p50)} / ` +
        `p99 ${ms(liveLag.process.eventLoopDelayMs.p99)} / max ${ms(liveLag.process.eventLoopDelayMs.max)} ms` +
        (liveLag.failureSamples.length > 0 ? `\nFailures: ${liveLag.failureSamples.join('; ')}` : ''),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

const seconds = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ms = (n: number): string => n.toFixed(1);
