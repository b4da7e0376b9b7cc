import { benchTitle, writeBenchResults } from '../shared/bench-results-file';
import type { MachineInfo } from '../shared/machine-info';
import { integer, markdownTable } from '../shared/markdown-table';
import type { Distribution } from '../shared/percentiles';
import type { WindowCount } from './closed-loop';
import type { ProjectionsMode, ScenarioName } from './http-bench-options';
import type { ActivitySnapshot } from './server-activity';

/** One scenario with one number of clients: its timed part. */
export interface HttpRun {
  scenario: ScenarioName;
  clients: number;
  seconds: number;
  /** Requests completed in the timed part, 2xx or not: in add-line and order-to-cash every one is a command. */
  requests: number;
  requestsPerSecond: number;
  latencyMs: Distribution;
  /** Requests of the timed part not answered 2xx (or not at all). */
  errors: number;
  /** Errors of the whole run, warm-up included, and the first few quoted. */
  runErrors: number;
  errorSamples: string[];
  /** Σ xact_commit over pg_stat_database, end − start of the timed part. */
  pgTransactions: number;
  pgTransactionsPerRequest: number;
  /** CPU (user + system) of the app's process over the timed part, per request. */
  appCpuMsPerRequest: number;
  /** CPU of every PostgreSQL server process over the timed part, per request. */
  pgCpuMsPerRequest: number;
  /** CPU of the load generator's process, per request: its share of the same two cores. */
  loadCpuMsPerRequest: number;
  /** 1-minute load average when the run started. */
  loadAverage: number;
}

/** One app (fresh data folder) and what ran on it. */
export interface HttpSection {
  projections: ProjectionsMode;
  /** Spawn to /health answering: ts-node's transpile, initdb, PostgreSQL's start, the app's. */
  bootSeconds: number;
  setup: { customers: number; products: number };
  runs: HttpRun[];
  skipped: { scenario: ScenarioName; reason: string }[];
}

/** Everything one run measured; written as JSON, so field names are part of the format. */
export interface HttpBenchResults {
  benchmark: 'http';
  startedAt: string;
  finishedAt: string;
  options: {
    durationSeconds: number | null;
    requests: number | null;
    warmUpSeconds: number;
    clients: number[];
    scenarios: ScenarioName[];
    projections: ProjectionsMode[];
  };
  /** The measured checkout: where it is, its commit (`+changes` if its tree differs), the command line run. */
  app: { root: string; commit: string | null; startScript: string; command: string[] };
  machine: MachineInfo;
  sections: HttpSection[];
}

export const writeHttpResults = (directory: string, results: HttpBenchResults): Promise<string> => writeBenchResults(directory, 'http', results);

/** The timed part's figures from its counts and the snapshots at its ends. */
export function windowFigures(
  window: WindowCount,
  before: ActivitySnapshot,
  after: ActivitySnapshot,
): Pick<HttpRun, 'seconds' | 'requests' | 'requestsPerSecond' | 'latencyMs' | 'errors' | 'pgTransactions' | 'pgTransactionsPerRequest' | 'appCpuMsPerRequest' | 'pgCpuMsPerRequest' | 'loadCpuMsPerRequest'> {
  const per = (total: number) => (window.requests > 0 ? total / window.requests : 0);
  const pgTransactions = after.transactions - before.transactions;
  return {
    seconds: window.seconds,
    requests: window.requests,
    requestsPerSecond: window.seconds > 0 ? window.requests / window.seconds : 0,
    latencyMs: window.latencyMs,
    errors: window.errors,
    pgTransactions,
    pgTransactionsPerRequest: per(pgTransactions),
    appCpuMsPerRequest: per(after.appCpuMs - before.appCpuMs),
    pgCpuMsPerRequest: per(after.serverCpuMs - before.serverCpuMs),
    loadCpuMsPerRequest: per(window.loadCpuMs),
  };
}

/** Errors anywhere in the run (warm-ups included): the bench then exits 1. */
export function erroredRuns(results: HttpBenchResults): HttpRun[] {
  return results.sections.flatMap((s) => s.runs.filter((r) => r.runErrors > 0));
}

const SECTION_TITLES: Record<ProjectionsMode, string> = {
  'in-process': 'Projections in-process (npm start)',
  off: 'PROJECTIONS=off (the api alone; projections would run in a projector process)',
};

/** The tables printed at the end (and pasted into bench/README.md). */
export function renderHttpTables(results: HttpBenchResults): string {
  const { machine, app, options } = results;
  const timed = options.requests === null ? `${options.durationSeconds} s timed` : `${integer(options.requests)} requests timed`;
  const parts = [
    benchTitle(machine),
    `App: ${app.root} (${app.commit ?? 'not a git checkout'}), \`${app.startScript}\`; ${options.warmUpSeconds} s warm-up, ${timed} per run`,
  ];
  for (const section of results.sections) {
    const rows = section.runs.map((r) => [
      r.scenario,
      String(r.clients),
      integer(r.requests),
      integer(r.requestsPerSecond),
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p95),
      ms(r.latencyMs.p99),
      ms(r.latencyMs.max),
      String(r.errors),
      r.pgTransactionsPerRequest.toFixed(2),
      ms(r.appCpuMsPerRequest),
      ms(r.pgCpuMsPerRequest),
      ms(r.loadCpuMsPerRequest),
    ]);
    const header = ['Scenario', 'Clients', 'Requests', 'Req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'Errors', 'PG tx/req', 'App CPU ms/req', 'PG CPU ms/req', 'Load CPU ms/req'];
    const lines = [`### ${SECTION_TITLES[section.projections]}`, `App up in ${section.bootSeconds.toFixed(1)} s; setup: ${section.setup.customers} customers, ${section.setup.products} stocked products with stock`];
    if (rows.length > 0) lines.push(markdownTable(header, rows));
    for (const { scenario, reason } of section.skipped) lines.push(`${scenario}: not run (${reason})`);
    for (const run of section.runs.filter((r) => r.errorSamples.length > 0)) {
      lines.push(`Errors in ${run.scenario} × ${run.clients} (${run.runErrors} in the run, warm-up included): ${run.errorSamples.join(' | ')}`);
    }
    parts.push(lines.join('\n\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));
