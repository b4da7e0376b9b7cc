import type { Catalogue } from '../history/catalogue';
import type { LogWatcher } from './log-watcher';
import { SeededRandom } from '../history/seeded-random';

export type CommandKind = 'receive-stock' | 'draft-order' | 'confirm-order' | 'ship-order' | 'invoice-order';

/** The mix of the live load: goods in, and orders moving along their life. */
const MIX: Record<CommandKind, number> = { 'receive-stock': 30, 'draft-order': 25, 'confirm-order': 20, 'ship-order': 15, 'invoice-order': 10 };

/** One command and the read that shows its effect. */
export interface Probe {
  kind: CommandKind;
  ok: boolean;
  /** Sending the command to its response. */
  commandMs: number;
  /** Sending the command to the `?after=` read answering 200: when a client sees its own write. */
  visibleMs: number;
  /** The response to the read answering: the read model's wait alone. */
  readWaitMs: number;
  /** Sending the command to a separate subscriber reading its event: the event store's share (NaN: not seen in 5 s). */
  logVisibleMs: number;
  error?: string;
}

interface LiveOrder {
  id: string;
  lines: { lineId: string; sku: string; quantity: number }[];
}

interface Step {
  method: 'POST';
  path: string;
  body: unknown;
  /** The read of the matching read model, given the command's response. */
  read(response: { position: string }): string;
  /** What the order is ready for once this command went through. */
  then?(response: unknown): void;
}

/**
 * The commands a client sends in the live phase, over HTTP, each followed at once by the read of the read
 * model it changes with `?after=<its position>` (the endpoint waits server-side until the projection has
 * applied it): stock receipts → `GET /v1/stock/:sku`, order drafts, confirmations and invoices →
 * `GET /v1/orders`, shipments → `GET /v1/stock/:sku` (the issue moves the stock). Orders move along
 * drafted → confirmed → shipped → invoiced; an order is in one command at a time.
 */
export class CommandLoad {
  private readonly drafted: LiveOrder[] = [];
  private readonly confirmed: LiveOrder[] = [];
  private readonly shipped: LiveOrder[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly catalogue: Catalogue,
    private readonly random: SeededRandom,
    private readonly watcher: LogWatcher,
  ) {}

  async probe(): Promise<Probe> {
    const [kind, step] = this.nextStep();
    const sent = performance.now();
    let commandMs = 0;
    try {
      const response = await fetch(`${this.baseUrl}${step.path}`, {
        method: step.method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(step.body),
      });
      const body = (await response.json()) as { position?: string; code?: string };
      commandMs = performance.now() - sent;
      if (!response.ok || typeof body.position !== 'string') return failure(kind, sent, commandMs, `${step.path}: ${response.status} ${body.code ?? ''}`);
      const answered = performance.now();
      const logSeen = withTimeout(this.watcher.seen(body.position), 5000, NaN);
      const read = await fetch(`${this.baseUrl}${step.read({ position: body.position })}`);
      await read.arrayBuffer();
      const now = performance.now();
      if (read.status !== 200) return failure(kind, sent, commandMs, `read after ${kind}: ${read.status}`);
      step.then?.(body);
      return { kind, ok: true, commandMs, visibleMs: now - sent, readWaitMs: now - answered, logVisibleMs: (await logSeen) - sent };
    } catch (error) {
      return failure(kind, sent, commandMs, (error as Error).message);
    }
  }

  /** The next command of the mix; an order step with no order ready for it drafts a new order instead. */
  private nextStep(): [CommandKind, Step] {
    const kind = this.random.weighted(MIX);
    switch (kind) {
      case 'receive-stock':
        return [kind, this.receipt()];
      case 'confirm-order': {
        const order = this.drafted.shift();
        if (order) return [kind, this.confirm(order)];
        break;
      }
      case 'ship-order': {
        const order = this.confirmed.shift();
        if (order) return [kind, this.ship(order)];
        break;
      }
      case 'invoice-order': {
        const order = this.shipped.shift();
        if (order) return [kind, this.invoice(order)];
        break;
      }
      case 'draft-order':
        break;
    }
    return ['draft-order', this.draft()];
  }

  private receipt(): Step {
    const product = this.random.pick(this.catalogue.stocked);
    return {
      method: 'POST',
      path: '/v1/stock/receipts',
      body: { sku: product.facts.sku, quantity: this.random.int(10, 50), unitCost: product.unitCost ?? '1.00' },
      read: ({ position }) => `/v1/stock/${product.facts.sku}?after=${encodeURIComponent(position)}`,
    };
  }

  private draft(): Step {
    const products = [this.random.pick(this.catalogue.stocked), this.random.pick(this.catalogue.stocked)];
    const skus = [...new Set(products.map((p) => p.facts.sku))];
    return {
      method: 'POST',
      path: '/v1/orders',
      body: { customerId: this.random.pick(this.catalogue.customers).customerId, lines: skus.map((sku) => ({ sku, quantity: this.random.int(1, 5) })) },
      read: ordersAfter,
      then: (response) => {
        const order = response as { id: string; lines: LiveOrder['lines'] };
        this.drafted.push({ id: order.id, lines: order.lines.map(({ lineId, sku, quantity }) => ({ lineId, sku, quantity })) });
      },
    };
  }

  private confirm(order: LiveOrder): Step {
    return { method: 'POST', path: `/v1/orders/${order.id}/confirm`, body: {}, read: ordersAfter, then: () => this.confirmed.push(order) };
  }

  private ship(order: LiveOrder): Step {
    return {
      method: 'POST',
      path: `/v1/orders/${order.id}/shipments`,
      body: { lines: order.lines.map(({ lineId, quantity }) => ({ lineId, quantity })) },
      read: ({ position }) => `/v1/stock/${order.lines[0].sku}?after=${encodeURIComponent(position)}`,
      then: () => this.shipped.push(order),
    };
  }

  private invoice(order: LiveOrder): Step {
    return {
      method: 'POST',
      path: `/v1/orders/${order.id}/invoices`,
      body: { lines: order.lines.map(({ lineId, quantity }) => ({ lineId, quantity })) },
      read: ordersAfter,
    };
  }
}

const ordersAfter = ({ position }: { position: string }): string => `/v1/orders?limit=1&after=${encodeURIComponent(position)}`;

function failure(kind: CommandKind, sent: number, commandMs: number, error: string): Probe {
  return { kind, ok: false, commandMs, visibleMs: performance.now() - sent, readWaitMs: 0, logVisibleMs: NaN, error };
}

/** `promise`, or `fallback` after `ms`; the timer goes with the answer, so none outlives the load. */
function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
