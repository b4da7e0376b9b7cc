import { commandLine, directory, UsageError, wholeNumber } from '../shared/bench-options';

/** What `bench:sse` accepts on the command line. */
export interface SseBenchOptions {
  /** Timed sequential writes (customer creates) per phase. */
  writes: number;
  /** Idle SSE streams open during the second phase. */
  streams: number;
  /** Untimed writes before each phase: JIT, the pool's connections, the streams' first frames. */
  warmUpWrites: number;
  /** Where the JSON results go. */
  outDir: string;
}

/** The defect's setting: 200 idle clients, and enough writes for a steady median and p95. */
const DEFAULT_WRITES = 400;
const DEFAULT_STREAMS = 200;
const QUICK_WRITES = 100;
const WARM_UP_WRITES = 50;

export const SSE_BENCH_USAGE = `Usage: npm run bench:sse -- [options]

Boots the HTTP app on a throwaway database (DATABASE_URL's server, else the embedded PostgreSQL in
DATA_DIR) and times sequential writes (POST /v1/customers) with no event stream open, then with idle
Server-Sent Events streams (GET /v1/events/stream) connected. Drops the database at the end.

Options:
  --writes N     timed writes per phase (default ${DEFAULT_WRITES})
  --streams N    idle SSE streams in the second phase (default ${DEFAULT_STREAMS})
  --quick        a short smoke run (${QUICK_WRITES} writes per phase)
  --out DIR      where to write the JSON results (default bench/results)
  --help         this text`;

export function parseSseBenchOptions(args: readonly string[]): SseBenchOptions | 'help' {
  const options: SseBenchOptions = { writes: DEFAULT_WRITES, streams: DEFAULT_STREAMS, warmUpWrites: WARM_UP_WRITES, outDir: 'bench/results' };
  let writesGiven = false;
  for (const { arg, name, value } of commandLine(args)) {
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        // An explicit --writes wins whatever the order.
        if (!writesGiven) options.writes = QUICK_WRITES;
        break;
      case '--writes':
        options.writes = wholeNumber('--writes', value(), 10);
        writesGiven = true;
        break;
      case '--streams':
        options.streams = wholeNumber('--streams', value(), 1);
        break;
      case '--out':
        options.outDir = directory('--out', value());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return options;
}
