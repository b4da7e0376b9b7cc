import { commandLine, directory, UsageError, wholeNumber } from '../shared/bench-options';

/** What `bench:store` accepts on the command line. */
export interface StoreBenchOptions {
  /** Events each append scenario writes (rounded up to whole batches). */
  eventsPerScenario: number;
  /** Events each scenario writes, untimed, before its measured run. */
  warmUpEvents: number;
  /** Where the JSON results go. */
  outDir: string;
}

/**
 * Sized so the whole run takes about 1–2 minutes on 2 cores with durable commits: the single writer with
 * one event per append (one fsync'd commit per event) is the slowest scenario and sets the pace.
 */
export const DEFAULT_EVENTS = 30_000;
const QUICK_EVENTS = 2_000;

export const STORE_BENCH_USAGE = `Usage: npm run bench:store -- [options]

Benchmarks the PostgreSQL event store on a throwaway database (DATABASE_URL's server, else the
embedded PostgreSQL in DATA_DIR), then drops it.

Options:
  --events N    events per append scenario (default ${DEFAULT_EVENTS.toLocaleString('en-US')})
  --quick       a short smoke run (${QUICK_EVENTS.toLocaleString('en-US')} events per scenario)
  --out DIR     where to write the JSON results (default bench/results)
  --help        this text`;

export function parseStoreBenchOptions(args: readonly string[]): StoreBenchOptions | 'help' {
  let events = DEFAULT_EVENTS;
  let outDir = 'bench/results';
  for (const { arg, name, value } of commandLine(args)) {
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--quick') events = QUICK_EVENTS;
    else if (name === '--events') events = wholeNumber('--events', value(), 10);
    else if (name === '--out') outDir = directory('--out', value());
    else throw new UsageError(`unknown option ${arg}`);
  }
  // A tenth of the run warms the pool's connections, PostgreSQL's caches and V8 before the clock starts.
  return { eventsPerScenario: events, warmUpEvents: Math.max(160, Math.round(events / 10)), outDir };
}
