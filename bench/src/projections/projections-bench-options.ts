import { commandLine, directory, UsageError, wholeNumber, wholeNumbers } from '../shared/bench-options';

/** What `bench:projections` accepts on the command line. */
export interface ProjectionsBenchOptions {
  /** Events of the generated order-to-cash log (the last order's story may add a few more). */
  events: number;
  /** Seconds of steady HTTP command load per rate in the live-lag phase (after an untimed warm-up). */
  lagSeconds: number;
  /** The rates (commands per second) of the live-lag phase, one measured window each, in this order. */
  rates: number[];
  /** Seed of the log's mix (which orders ship in parts, get returns, are canceled…): same seed, same story. */
  seed: number;
  /** Where the JSON results go. */
  outDir: string;
}

/** The size: a rebuild of 100,000 events, a live load of 40 and then 400 commands/s for 20 s each. */
export const DEFAULT_EVENTS = 100_000;
const QUICK_EVENTS = 10_000;
const DEFAULT_LAG_SECONDS = 20;
const QUICK_LAG_SECONDS = 5;
export const DEFAULT_RATES: readonly number[] = [40, 400];

export const PROJECTIONS_BENCH_USAGE = `Usage: npm run bench:projections -- [options]

Generates an order-to-cash event log on a throwaway database (DATABASE_URL's server, else the embedded
PostgreSQL in DATA_DIR), rebuilds every projection from it, then boots the HTTP app on it and measures how
long a command takes to become visible in a read model, at each rate. Drops the database at the end.
Exits 1 if any command of the live load failed.

Options:
  --events N         events in the generated log (default ${DEFAULT_EVENTS.toLocaleString('en-US')})
  --lag-seconds S    seconds of live command load per rate (default ${DEFAULT_LAG_SECONDS})
  --rates R,R…       commands per second of the live load, one window each (default ${DEFAULT_RATES.join(',')})
  --rate R           one rate only (the same as --rates R)
  --seed N           seed of the log's mix (default 1)
  --quick            a short smoke run (${QUICK_EVENTS.toLocaleString('en-US')} events, ${QUICK_LAG_SECONDS} s of live load)
  --out DIR          where to write the JSON results (default bench/results)
  --help             this text`;

export function parseProjectionsBenchOptions(args: readonly string[]): ProjectionsBenchOptions | 'help' {
  const options: ProjectionsBenchOptions = {
    events: DEFAULT_EVENTS,
    lagSeconds: DEFAULT_LAG_SECONDS,
    rates: [...DEFAULT_RATES],
    seed: 1,
    outDir: 'bench/results',
  };
  // --quick sets defaults; an explicit --events or --lag-seconds wins whatever the order.
  const explicit = new Set<string>();
  for (const { arg, name, value } of commandLine(args)) {
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        if (!explicit.has('events')) options.events = QUICK_EVENTS;
        if (!explicit.has('lagSeconds')) options.lagSeconds = QUICK_LAG_SECONDS;
        break;
      case '--events':
        options.events = wholeNumber('--events', value(), 1_000);
        explicit.add('events');
        break;
      case '--lag-seconds':
        options.lagSeconds = wholeNumber('--lag-seconds', value(), 1);
        explicit.add('lagSeconds');
        break;
      case '--rate':
        options.rates = [wholeNumber('--rate', value(), 1)];
        break;
      case '--rates':
        options.rates = wholeNumbers('--rates', value(), 1);
        break;
      case '--seed':
        options.seed = wholeNumber('--seed', value(), 0);
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
