import { benchTitle, writeBenchResults } from '../shared/bench-results-file';
import { AppendMeasurement } from './append-scenario';
import { CatchUpMeasurement } from './catch-up';
import { MachineInfo } from '../shared/machine-info';
import { integer, markdownTable } from '../shared/markdown-table';

/** Everything one run measured; written as JSON, so field names are part of the format. */
export interface StoreBenchResults {
  benchmark: 'store';
  startedAt: string;
  finishedAt: string;
  options: { eventsPerScenario: number; warmUpEvents: number; streamLength: number };
  machine: MachineInfo;
  appends: (AppendMeasurement & { id: string; label: string; writers: number; batchSize: number })[];
  catchUp: CatchUpMeasurement;
}

export const writeResults = (directory: string, results: StoreBenchResults): Promise<string> => writeBenchResults(directory, 'store', results);

/** The table printed at the end (and pasted into bench/README.md). */
export function renderResultsTable(results: StoreBenchResults): string {
  const { machine } = results;
  const header = ['Scenario', 'Events', 'Appends', 'Seconds', 'Events/s', 'Appends/s', 'p50 ms', 'p99 ms'];
  const rows = results.appends.map((a) => [
    a.label,
    integer(a.events),
    integer(a.appends),
    a.durationMs / 1000 < 10 ? (a.durationMs / 1000).toFixed(2) : (a.durationMs / 1000).toFixed(1),
    integer(a.eventsPerSecond),
    integer(a.appendsPerSecond),
    a.latencyMs.p50.toFixed(2),
    a.latencyMs.p99.toFixed(2),
  ]);
  const c = results.catchUp;
  rows.push(['subscription catch-up', integer(c.events), '-', (c.durationMs / 1000).toFixed(2), integer(c.eventsPerSecond), '-', '-', '-']);
  const title = benchTitle(machine, String(machine.loadAverage[0]));
  return `${title}\n\n${markdownTable(header, rows)}\n`;
}
