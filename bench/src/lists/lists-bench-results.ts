import { benchTitle, writeBenchResults } from '../shared/bench-results-file';
import type { MachineInfo } from '../shared/machine-info';
import { integer, markdownTable } from '../shared/markdown-table';
import type { Distribution } from '../shared/percentiles';

/** One list: its first page timed over HTTP, and the plan of its statement. */
export interface ListTiming {
  name: string;
  path: string;
  rowsOnPage: number;
  latencyMs: Distribution;
  targetP99Ms?: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of the statement(s) the list runs. */
  plan: string;
  usesIndex: boolean;
  loadAverage: number;
}

/** Everything one run measured; written as JSON, so field names are part of the format. */
export interface ListsBenchResults {
  benchmark: 'lists';
  startedAt: string;
  finishedAt: string;
  options: { rows: number; customers: number; requests: number; warmUp: number };
  machine: MachineInfo;
  lists: ListTiming[];
}

export const writeListsResults = (directory: string, results: ListsBenchResults): Promise<string> => writeBenchResults(directory, 'lists', results);

export function renderListsTable(results: ListsBenchResults): string {
  const { machine, lists, options } = results;
  const table = markdownTable(
    ['List', 'Rows on page', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'Target', 'Index'],
    lists.map((l) => [
      `${l.name} (\`${l.path}\`)`,
      integer(l.rowsOnPage),
      ms(l.latencyMs.p50),
      ms(l.latencyMs.p95),
      ms(l.latencyMs.p99),
      ms(l.latencyMs.max),
      l.targetP99Ms === undefined ? '' : `p99 < ${l.targetP99Ms}: ${l.latencyMs.p99 < l.targetP99Ms ? 'met' : 'NOT met'}`,
      l.usesIndex ? 'yes' : 'NO',
    ]),
  );
  const size = `${integer(options.rows)} rows per list table, invoices over ${integer(options.customers)} customers; ${integer(options.requests)} sequential requests per list after ${integer(options.warmUp)} untimed`;
  return `${[benchTitle(machine), size, table, 'Query plans: in the JSON (`lists[].plan`).'].join('\n\n')}\n`;
}

const ms = (n: number): string => n.toFixed(1);
