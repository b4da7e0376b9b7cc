import { benchTitle, writeBenchResults } from '../shared/bench-results-file';
import type { MachineInfo } from '../shared/machine-info';
import { integer, markdownTable } from '../shared/markdown-table';
import type { Distribution } from '../shared/percentiles';

/** The defect's target: with the idle streams open, the median write stays within 1.5× of the figure without. */
export const SSE_TARGET = { maxMedianRatio: 1.5 } as const;

/** One phase: the same writes with a number of idle streams open. */
export interface SsePhase {
  openStreams: number;
  writeMs: Distribution;
  /** CPU time of the app's process (the writing client included, the streams' clients not) per timed write. */
  cpuMsPerWrite: number;
  /** 1-minute load average when the phase started. */
  loadAverage: number;
  /** Only with streams open: whether each got every event written while it was open. */
  delivery?: {
    expectedPerStream: number;
    fewestReceived: number;
    mostReceived: number;
    complete: boolean;
    failures: string[];
    /** CPU time of the clients' process per write (warm-up included): it shares the machine with the app. */
    clientCpuMsPerWrite: number;
  };
}

/** Everything one run measured; written as JSON, so field names are part of the format. */
export interface SseBenchResults {
  benchmark: 'sse';
  startedAt: string;
  finishedAt: string;
  options: { writes: number; streams: number; warmUpWrites: number };
  machine: MachineInfo;
  phases: SsePhase[];
  /** Median write latency with the streams open ÷ without. */
  medianRatio: number | null;
  target: { maxMedianRatio: number; met: boolean | null };
}

export const writeSseResults = (directory: string, results: SseBenchResults): Promise<string> => writeBenchResults(directory, 'sse', results);

/** The table printed at the end (and pasted into bench/README.md). */
export function renderSseTable(results: SseBenchResults): string {
  const { machine, phases, target } = results;
  const title = benchTitle(machine);
  const table = markdownTable(
    ['Open SSE streams', 'Writes', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'mean ms', 'App CPU ms/write', 'Load'],
    phases.map((p) => [
      integer(p.openStreams),
      integer(p.writeMs.count),
      ms(p.writeMs.p50),
      ms(p.writeMs.p95),
      ms(p.writeMs.p99),
      ms(p.writeMs.max),
      ms(p.writeMs.mean),
      ms(p.cpuMsPerWrite),
      p.loadAverage.toFixed(2),
    ]),
  );
  const delivery = phases
    .filter((p) => p.delivery)
    .map(({ openStreams, delivery: d }) =>
      d!.complete
        ? `Delivery: each of the ${integer(openStreams)} streams got all ${integer(d!.expectedPerStream)} events written while it was open ` +
          `(the clients' process used ${ms(d!.clientCpuMsPerWrite)} ms of CPU per write).`
        : `Delivery INCOMPLETE: expected ${integer(d!.expectedPerStream)} events per stream, got ${integer(d!.fewestReceived)}–${integer(d!.mostReceived)}` +
          (d!.failures.length > 0 ? ` (${d!.failures.slice(0, 3).join('; ')})` : ''),
    );
  const verdict =
    results.medianRatio === null
      ? 'No ratio: a phase is missing.'
      : `Median with streams ÷ without: ${results.medianRatio.toFixed(2)}× (target ≤ ${target.maxMedianRatio}×: ${target.met ? 'met' : 'NOT met'})`;
  return `${[title, table, ...delivery, verdict].join('\n\n')}\n`;
}

const ms = (n: number): string => n.toFixed(1);
