import path from 'node:path';
import { commandLine, directory, UsageError, wholeNumber, wholeNumbers } from '../shared/bench-options';

export const SCENARIOS = ['add-line', 'order-to-cash', 'read-mix'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** How the app runs its projections: `PROJECTIONS=in-process` (npm start's default) or `PROJECTIONS=off`. */
export type ProjectionsMode = 'in-process' | 'off';

/** What `bench:http` accepts on the command line. */
export interface HttpBenchOptions {
  /** Seconds of each timed part, when it is not a number of requests. */
  durationSeconds: number;
  /** Requests of each timed part (at least: the clients' requests in flight finish into it); null: timed by duration. */
  requests: number | null;
  /** Seconds of load before each timed part, not counted. */
  warmUpSeconds: number;
  /** Closed-loop clients, one run each per scenario. */
  clients: number[];
  scenarios: ScenarioName[];
  /** One app (fresh data folder) and one table section per mode, in this order. */
  projections: ProjectionsMode[];
  /** The checkout whose app is measured (its package.json `start` script, its code). */
  appRoot: string;
  /** Where the JSON results go. */
  outDir: string;
}

const DEFAULT_DURATION_SECONDS = 10;
const DEFAULT_WARM_UP_SECONDS = 3;
const QUICK_DURATION_SECONDS = 1;
const QUICK_WARM_UP_SECONDS = 0.5;
const DEFAULT_CLIENTS = [1, 16, 64];

export const HTTP_BENCH_USAGE = `Usage: npm run bench:http -- [options]

Starts the app as \`npm start\` does (its start script, a fresh temporary DATA_DIR, so a fresh durable
embedded PostgreSQL, a free port, development mode on loopback) and drives it over HTTP from a separate
load process with closed loops of N clients: add-line (a draft, then 19 lines one POST each), the
order-to-cash round (draft, confirm, ship, invoice, pay) and a read mix (order, stock, receivables, order
list). Reports requests/s, latency, errors, PostgreSQL transactions and CPU per request. By default a
second app runs with PROJECTIONS=off (its own table section; the read mix needs projections and is left
out there). The app and its data folder are removed at the end, also on Ctrl-C.

Options:
  --duration S       seconds of each timed part (default ${DEFAULT_DURATION_SECONDS})
  --requests N       a timed part of N requests instead of a duration
  --warm-up S        seconds of untimed load before each timed part (default ${DEFAULT_WARM_UP_SECONDS})
  --clients N,N…     closed-loop clients, one run each (default ${DEFAULT_CLIENTS.join(',')})
  --scenarios A,B…   of ${SCENARIOS.join(', ')} (default all, in that order)
  --projections M    in-process, off, or both (default both; with --quick, in-process)
  --app-root DIR     the checkout whose app is measured (default this one)
  --quick            a smoke run: ${QUICK_WARM_UP_SECONDS} s warm-up, ${QUICK_DURATION_SECONDS} s timed, projections in-process only
  --out DIR          where to write the JSON results (default bench/results)
  --help             this text`;

/** Seconds as a positive number (fractions allowed: a quick run's warm-up is half a second). */
function seconds(option: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(n) || n < min) throw new UsageError(`${option} needs a number of seconds of at least ${min}, got ${text ?? 'nothing'}`);
  return n;
}

function projectionsModes(text: string | undefined): ProjectionsMode[] {
  if (text === 'both') return ['in-process', 'off'];
  if (text === 'in-process' || text === 'on') return ['in-process'];
  if (text === 'off') return ['off'];
  throw new UsageError(`--projections needs in-process, off or both, got ${text ?? 'nothing'}`);
}

function scenarioNames(text: string | undefined): ScenarioName[] {
  if (text === undefined || text.trim() === '') throw new UsageError('--scenarios needs a comma-separated list');
  const names = [...new Set(text.split(',').map((s) => s.trim()))];
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new UsageError(`--scenarios: unknown scenario ${name} (known: ${SCENARIOS.join(', ')})`);
  }
  return names as ScenarioName[];
}

/** `cwd`: where relative paths (--app-root, --out) start; the repository root under npm. */
export function parseHttpBenchOptions(args: readonly string[], cwd = process.cwd()): HttpBenchOptions | 'help' {
  const options: HttpBenchOptions = {
    durationSeconds: DEFAULT_DURATION_SECONDS,
    requests: null,
    warmUpSeconds: DEFAULT_WARM_UP_SECONDS,
    clients: [...DEFAULT_CLIENTS],
    scenarios: [...SCENARIOS],
    projections: ['in-process', 'off'],
    appRoot: cwd,
    outDir: 'bench/results',
  };
  // --quick sets defaults; an explicit option wins whatever the order.
  const explicit = new Set<string>();
  let quick = false;
  for (const { arg, name, value } of commandLine(args)) {
    explicit.add(name);
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        quick = true;
        break;
      case '--duration':
        options.durationSeconds = seconds('--duration', value(), 0.1);
        break;
      case '--requests':
        options.requests = wholeNumber('--requests', value(), 1);
        break;
      case '--warm-up':
        options.warmUpSeconds = seconds('--warm-up', value(), 0);
        break;
      case '--clients':
        options.clients = wholeNumbers('--clients', value(), 1);
        break;
      case '--scenarios':
        options.scenarios = scenarioNames(value());
        break;
      case '--projections':
        options.projections = projectionsModes(value());
        break;
      case '--app-root':
        options.appRoot = path.resolve(cwd, directory('--app-root', value()));
        break;
      case '--out':
        options.outDir = directory('--out', value());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (quick) {
    if (!explicit.has('--duration')) options.durationSeconds = QUICK_DURATION_SECONDS;
    if (!explicit.has('--warm-up')) options.warmUpSeconds = QUICK_WARM_UP_SECONDS;
    if (!explicit.has('--projections')) options.projections = ['in-process'];
  }
  if (explicit.has('--duration') && explicit.has('--requests')) throw new UsageError('give --duration or --requests, not both');
  return options;
}
