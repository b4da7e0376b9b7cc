import { createHash } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { generationSchema } from '@ledgerline/projections/runtime/generation';
import { createProgressReporter, trackPhase } from '../../../apps/cli/src/progress';
import { runBench } from '../shared/bench-session';
import { elapsedMs } from '../shared/latency';
import { startLiveApp } from '../shared/live-app';
import { describeMachine } from '../shared/machine-info';
import { distributionOf } from '../shared/percentiles';
import { ListCase, listCases } from './list-cases';
import { LISTS_BENCH_USAGE, ListsBenchOptions, parseListsBenchOptions } from './lists-bench-options';
import { ListsBenchResults, ListTiming, renderListsTable, writeListsResults } from './lists-bench-results';
import { fillReadModels } from './lists-fixture';

/**
 * `bench:lists`: the lists of api.md part two at the size of a real sales ledger (200,000 invoices over
 * 5,000 customers by default): the app on a throwaway database whose read models are filled in SQL, the
 * first page of each list timed over HTTP one request at a time, and each list's query plan recorded.
 */
export function benchLists(args: readonly string[]): Promise<number> {
  return runBench(
    {
      name: 'bench:lists',
      usage: LISTS_BENCH_USAGE,
      parse: parseListsBenchOptions,
      interruptNotice: 'interrupted: finishing the request in flight, then cleaning up',
      measure: ({ url, embedded, options, startedAt, logger, signal }) => measure(url, embedded, options, startedAt, logger, signal),
      write: writeListsResults,
      render: renderListsTable,
      failure: (results) => {
        const missed = results.lists.filter((l) => l.targetP99Ms !== undefined && l.latencyMs.p99 >= l.targetP99Ms).map((l) => l.name);
        return missed.length > 0 ? `p99 target missed: ${missed.join(', ')}` : undefined;
      },
    },
    args,
  );
}

async function measure(url: string, embedded: boolean, options: ListsBenchOptions, startedAt: Date, logger: Logger, signal: AbortSignal): Promise<ListsBenchResults> {
  const progress = createProgressReporter();
  const machine = await describeMachine(url, embedded ? 'embedded' : 'external');
  logger.info({ machine }, 'bench environment');
  // The app makes the read models' tables (generation 1 of each) as it starts; the rows come next.
  const app = await startLiveApp(url);
  const lists: ListTiming[] = [];
  try {
    const filled = process.hrtime.bigint();
    await trackPhase(progress, { label: `filling the read models with ${options.rows.toLocaleString('en')} rows per list`, total: 1, signal, summarize: () => `filled in ${(elapsedMs(filled) / 1000).toFixed(1)} s` }, () =>
      fillReadModels(url, { rows: options.rows, invoicedCustomers: options.customers }),
    );
    const today = new Date().toISOString().slice(0, 10);
    for (const list of listCases(today, uuidOfMd5('c0'))) {
      if (signal.aborted) break;
      lists.push(await timeList(app.baseUrl, url, list, options, progress, signal));
    }
  } finally {
    await app.close();
  }
  return {
    benchmark: 'lists',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { rows: options.rows, customers: options.customers, requests: options.requests, warmUp: options.warmUp },
    machine,
    lists,
  };
}

async function timeList(baseUrl: string, databaseUrl: string, list: ListCase, options: ListsBenchOptions, progress: ReturnType<typeof createProgressReporter>, signal: AbortSignal): Promise<ListTiming> {
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  let rows = 0;
  const get = async () => {
    const started = process.hrtime.bigint();
    const response = await fetch(`${baseUrl}${list.path}`);
    const body = (await response.json()) as Record<string, unknown>;
    const ms = elapsedMs(started);
    if (response.status !== 200) throw new Error(`GET ${list.path} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    rows = (Array.isArray(body) ? body : (Object.values(body).find(Array.isArray) ?? [])).length;
    return ms;
  };
  for (let i = 0; i < options.warmUp && !signal.aborted; i++) await get();
  const samples = await trackPhase<number[]>(
    progress,
    { label: list.name, total: options.requests, signal, summarize: (s) => `${list.name}: p99 ${distributionOf(s).p99.toFixed(1)} ms` },
    async (advance) => {
      const taken: number[] = [];
      for (let i = 0; i < options.requests && !signal.aborted; i++) {
        taken.push(await get());
        advance(1);
      }
      return taken;
    },
  );
  const plan = await planOf(databaseUrl, list);
  return {
    name: list.name,
    path: list.path,
    rowsOnPage: rows,
    latencyMs: distributionOf(samples),
    ...(list.targetP99Ms === undefined ? {} : { targetP99Ms: list.targetP99Ms }),
    plan,
    usesIndex: /Index (Only )?Scan|Bitmap Index Scan/.test(plan),
    loadAverage,
  };
}

/** The plan of the very statement the list runs: its read function, given a source that EXPLAINs instead of reading. */
async function planOf(databaseUrl: string, list: ListCase): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${generationSchema(list.projection, 1)}`);
    const plans: string[] = [];
    await list.read({
      query: async (sql, params) => {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON) ${sql}`, params);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        return [];
      },
    });
    return plans.join('\n\n');
  } finally {
    await client.end();
  }
}

/** md5(text)::uuid, as the fixture makes its ids. */
function uuidOfMd5(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
