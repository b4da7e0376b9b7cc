import { commandLine, directory, UsageError, wholeNumber } from '../shared/bench-options';

/** What `bench:lists` accepts on the command line. */
export interface ListsBenchOptions {
  /** Rows of each list table. */
  rows: number;
  /** Customers the invoices, payments and credit notes spread over. */
  customers: number;
  /** Timed sequential requests per list. */
  requests: number;
  /** Untimed requests before each list's timed ones. */
  warmUp: number;
  outDir: string;
}

const DEFAULTS = { rows: 200_000, customers: 5_000, requests: 100, warmUp: 10 };
const QUICK = { rows: 20_000, customers: 500, requests: 20 };

export const LISTS_BENCH_USAGE = `Usage: npm run bench:lists -- [options]

Boots the HTTP app on a throwaway database (DATABASE_URL's server, else the embedded PostgreSQL in
DATA_DIR), fills the read models the lists read with N rows per table (invoices over M customers), then
times the first page of each list over HTTP, one request at a time, and records each list's query plan
(EXPLAIN ANALYZE). Drops the database at the end.

Options:
  --rows N        rows per list table (default ${DEFAULTS.rows})
  --customers M   customers the invoices belong to (default ${DEFAULTS.customers})
  --requests N    timed requests per list (default ${DEFAULTS.requests})
  --quick         a short smoke run (${QUICK.rows} rows, ${QUICK.requests} requests)
  --out DIR       where to write the JSON results (default bench/results)
  --help          this text`;

export function parseListsBenchOptions(args: readonly string[]): ListsBenchOptions | 'help' {
  const options: ListsBenchOptions = { ...DEFAULTS, outDir: 'bench/results' };
  const given = new Set<string>();
  let quick = false;
  for (const { arg, name, value } of commandLine(args)) {
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        quick = true;
        break;
      case '--rows':
        options.rows = wholeNumber('--rows', value(), 100);
        given.add('rows');
        break;
      case '--customers':
        options.customers = wholeNumber('--customers', value(), 1);
        given.add('customers');
        break;
      case '--requests':
        options.requests = wholeNumber('--requests', value(), 1);
        given.add('requests');
        break;
      case '--out':
        options.outDir = directory('--out', value());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  // Explicit sizes win over --quick, whatever the order.
  if (quick) for (const key of ['rows', 'customers', 'requests'] as const) if (!given.has(key)) options[key] = QUICK[key];
  if (options.customers > options.rows) throw new UsageError('--customers may not exceed --rows');
  return options;
}
