import { createRequire } from 'node:module';

/**
 * The benchmarks: `npm run bench:<name> -- [options]` runs `bench/src/main.ts <name> [options]`. Each
 * returns its exit code: 0 done, 1 failed (or measured failures), 2 called wrongly, 130 interrupted.
 */
interface Bench {
  summary: string;
  run(args: readonly string[]): Promise<number>;
}

// Each bench is loaded only when it runs: under ts-node, loading all of them would transpile the whole app
// (bench:projections and bench:sse host it in-process) before bench:http or bench:store could start.
const load = createRequire(__filename);

const BENCHES: Record<string, Bench> = {
  store: {
    summary: 'the PostgreSQL event store on a throwaway database',
    run: (args) => (load('./store/bench-store') as typeof import('./store/bench-store')).benchStore(args),
  },
  projections: {
    summary: 'projection rebuilds and read-your-writes lag on a throwaway database',
    run: (args) => (load('./projections/bench-projections') as typeof import('./projections/bench-projections')).benchProjections(args),
  },
  sse: {
    summary: 'write latency with idle Server-Sent Events streams open, on a throwaway database',
    run: (args) => (load('./sse/bench-sse') as typeof import('./sse/bench-sse')).benchSse(args),
  },
  lists: {
    summary: 'the lists of invoices, customers, products, orders and the journal at 200,000 rows, on a throwaway database',
    run: (args) => (load('./lists/bench-lists') as typeof import('./lists/bench-lists')).benchLists(args),
  },
  http: {
    summary: 'the app as npm start runs it, under closed-loop HTTP load from a separate process',
    run: (args) => (load('./http/bench-http') as typeof import('./http/bench-http')).benchHttp(args),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(BENCHES).map((name) => name.length));
  const lines = Object.entries(BENCHES).map(([name, bench]) => `  ${name.padEnd(width)}  ${bench.summary}`);
  return `Usage: npm run bench:<name> -- [options]\n\nBenchmarks:\n${lines.join('\n')}\n\nRun one with --help for its options (bench/README.md says what the figures mean).\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (!name || !Object.hasOwn(BENCHES, name)) {
    process.stderr.write(`${name ? `Unknown benchmark: ${name}\n\n` : ''}${usage()}`);
    return 2;
  }
  return BENCHES[name].run(args);
}

// exitCode rather than exit(): pending log lines and output get flushed before the process ends.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
