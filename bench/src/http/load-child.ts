import { ClosedLoop, WindowCount } from './closed-loop';
import type { ScenarioName } from './http-bench-options';
import { JsonClient } from './json-client';
import { clientScript, Fixtures, KnownOrders } from './scenarios';
import { createFixtures } from './setup-fixtures';

/**
 * The load generator's own process (forked by LoadProcess): the clients of a server run elsewhere, so
 * their CPU must not be the app's. It holds the fixtures and the scenarios' state between runs, and talks
 * to the bench over IPC. Imports nothing with path aliases: it runs under plain ts-node.
 */
export type ToLoad =
  | { kind: 'setup'; baseUrl: string; customers: number; seed: number }
  | { kind: 'run'; scenario: ScenarioName; clients: number }
  | { kind: 'count'; requests: number | null }
  | { kind: 'end-count' }
  | { kind: 'stop' };

export type FromLoad =
  | { kind: 'ready'; customers: number; products: number }
  | { kind: 'started' }
  | { kind: 'counting' }
  | { kind: 'reached' }
  | { kind: 'counted'; window: WindowCount }
  | { kind: 'stopped'; errors: number; errorSamples: string[] }
  | { kind: 'progress'; completed: number }
  | { kind: 'failed'; message: string };

/** Orders the read mix wants to choose from before it starts: made by order-to-cash rounds, untimed. */
const READ_MIX_ORDERS = 40;
const PROGRESS_INTERVAL_MS = 250;

let http: JsonClient | undefined;
let fixtures: Fixtures | undefined;
let seed = 1;
let loop: ClosedLoop | undefined;
let progress: NodeJS.Timeout | undefined;
const orders = new KnownOrders();
const send = (message: FromLoad) => process.send?.(message);

// Ctrl-C reaches the whole process group: the bench stops this process itself, in order.
process.on('SIGINT', () => undefined);

process.on('message', (message: ToLoad) => {
  void handle(message).catch((error: unknown) => send({ kind: 'failed', message: (error as Error).stack ?? String(error) }));
});
process.on('disconnect', () => process.exit(0));

async function handle(message: ToLoad): Promise<void> {
  switch (message.kind) {
    case 'setup':
      http = new JsonClient(message.baseUrl);
      seed = message.seed;
      fixtures = await createFixtures(http, message.customers);
      send({ kind: 'ready', customers: fixtures.customerIds.length, products: fixtures.skus.length });
      return;
    case 'run': {
      if (!http || !fixtures) throw new Error('run before setup');
      if (message.scenario === 'read-mix' && orders.count < READ_MIX_ORDERS) await makeOrders(http, fixtures, READ_MIX_ORDERS - orders.count);
      const scripts = Array.from({ length: message.clients }, (_, i) => clientScript(message.scenario, i, fixtures as Fixtures, orders, seed));
      loop = new ClosedLoop(http, scripts);
      loop.start();
      const running = loop;
      progress = setInterval(() => send({ kind: 'progress', completed: running.completed }), PROGRESS_INTERVAL_MS);
      send({ kind: 'started' });
      return;
    }
    case 'count':
      if (!loop) throw new Error('count before run');
      loop.count(message.requests === null ? undefined : { requests: message.requests, reached: () => send({ kind: 'reached' }) });
      send({ kind: 'counting' });
      return;
    case 'end-count':
      if (!loop) throw new Error('end-count before run');
      send({ kind: 'counted', window: loop.endCount() });
      return;
    case 'stop': {
      clearInterval(progress);
      const stopping = loop;
      loop = undefined;
      await stopping?.stop();
      send({ kind: 'stopped', errors: stopping?.allErrors ?? 0, errorSamples: stopping?.errorSamples ?? [] });
      return;
    }
  }
}

/**
 * `count` order-to-cash rounds by up to 4 clients, one customer each (two rounds paying on one customer's
 * account at once could conflict), for the read mix to have orders, invoices and payments to read.
 */
async function makeOrders(client: JsonClient, made: Fixtures, count: number): Promise<void> {
  let rounds = 0;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const scripts = Array.from({ length: Math.min(4, made.customerIds.length) }, (_, i) =>
    clientScript('order-to-cash', i, made, orders, seed + 1000, () => {
      if (++rounds >= count) finished();
    }),
  );
  const setup = new ClosedLoop(client, scripts);
  setup.start();
  // Every setup command must succeed: a failing one would loop for ever.
  const failing = setInterval(() => setup.allErrors > 0 && finished(), 100);
  await done;
  clearInterval(failing);
  await setup.stop();
  if (setup.allErrors > 0) throw new Error(`making orders for the read mix failed: ${setup.errorSamples.join('; ')}`);
}
