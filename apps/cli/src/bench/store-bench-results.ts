import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppendMeasurement } from './append-scenario';
import { CatchUpMeasurement } from './catch-up';
import { MachineInfo } from './machine-info';
import { integer, markdownTable } from './markdown-table';

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

/**
 * Writes `store-<ISO timestamp>.json` (colons as dashes, so the name is valid on every file system) and
 * overwrites `store-latest.json`. Returns the timestamped file's path.
 */
export async function writeResults(directory: string, results: StoreBenchResults): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = results.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const file = path.join(directory, `store-${stamp}.json`);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(path.join(directory, 'store-latest.json'), json);
  return file;
}

/** The table printed at the end (and pasted into bench/README.md). */
export function renderResultsTable(results: StoreBenchResults): string {
  const { machine } = results;
  const pg = machine.postgres;
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
  const title =
    `PostgreSQL ${pg.version} (${pg.server}), ${machine.cpus} CPUs (load ${machine.loadAverage[0]} at start), Node ${machine.node}, ` +
    `fsync=${pg.settings.fsync} synchronous_commit=${pg.settings.synchronous_commit}` +
    (pg.durable ? '' : '  ** NOT DURABLE: figures are not comparable **');
  return `${title}\n\n${markdownTable(header, rows)}\n`;
}
