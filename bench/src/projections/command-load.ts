import { DecimalMath } from '@ledgerline/domain/shared/money';
import type { Catalogue } from '../history/catalogue';
import type { LogWatcher } from './log-watcher';
import { SeededRandom } from '../history/seeded-random';

export type CommandKind = 'receive-stock' | 'draft-order' | 'confirm-order' | 'ship-order' | 'invoice-order';

/** The mix of the live load: goods in, and orders moving along their life. */
const MIX: Record<CommandKind, number> = { 'receive-stock': 30, 'draft-order': 25, 'confirm-order': 20, 'ship-order': 15, 'invoice-order': 10 };

/** Lines of a live draft, and the most units of each: what bounds the credit the load can use. */
const DRAFT_LINES = 2;
const MAX_DRAFT_QUANTITY = 5;

/** One command and the read that shows its effect. */
export interface Probe {
  kind: CommandKind;
  ok: boolean;
  /** Where a failed probe failed: the command itself (not 2xx, or no answer), or the read after it. */
  failedAt?: 'command' | 'read';
  /** The failed command's or read's HTTP status (none: no answer). */
  status?: number;
  /** Sending the command to its response. */
  commandMs: number;
  /** Sending the command to the `?after=` read answering 200: when a client sees its own write. */
  visibleMs: number;
  /** The response to the read answering: the read model's wait alone. */
  readWaitMs: number;
  /** Sending the command to a separate subscriber reading its event: the event store's share (NaN: not seen in 5 s). */
  logVisibleMs: number;
  /** Why it failed: the status and problem code, or the network error. */
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
  /** Customers with a credit limit, opened by `openCreditAccounts`: their confirmations run the credit check. */
  private readonly limited: string[] = [];
  private readonly drafted: LiveOrder[] = [];
  private readonly confirmed: LiveOrder[] = [];
  private readonly shipped: LiveOrder[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly catalogue: Catalogue,
    private readonly random: SeededRandom,
    private readonly watcher: LogWatcher,
  ) {}

  /**
   * Opens `count` customers with a credit limit over HTTP (POST /v1/customers), so that about half of the
   * live drafts confirm through the credit check, which waits for the orders and receivables projections
   * to reach the head, as a limited customer's confirmation does. The limit is out of the load's reach
   * (creditLimitBeyond), so no confirmation is refused for it. The log's customers have none: the
   * generated stories confirm without a check.
   */
  async openCreditAccounts(count: number, creditLimit: string): Promise<void> {
    for (let i = 1; i <= count; i++) {
      const response = await fetch(`${this.baseUrl}/v1/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Live credit customer ${i}`, creditLimit }),
      });
      const body = (await response.json()) as { id?: string };
      if (response.status !== 201 || !body.id) throw new Error(`POST /v1/customers answered ${response.status}: ${JSON.stringify(body)}`);
      this.limited.push(body.id);
    }
  }

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
      if (!response.ok || typeof body.position !== 'string') return failure(kind, 'command', sent, commandMs, `${response.status} ${body.code ?? ''}`.trim(), response.status);
      const answered = performance.now();
      // The command went through: the order may take its next step, whatever the read below answers.
      step.then?.(body);
      const logSeen = withTimeout(this.watcher.seen(body.position), 5000, NaN);
      const read = await fetch(`${this.baseUrl}${step.read({ position: body.position })}`);
      await read.arrayBuffer();
      const now = performance.now();
      if (read.status !== 200) return failure(kind, 'read', sent, commandMs, String(read.status), read.status);
      return { kind, ok: true, commandMs, visibleMs: now - sent, readWaitMs: now - answered, logVisibleMs: (await logSeen) - sent };
    } catch (error) {
      const { message, cause } = error as Error & { cause?: { code?: string } };
      return failure(kind, commandMs === 0 ? 'command' : 'read', sent, commandMs, cause?.code ? `${message} (${cause.code})` : message);
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
    const products = Array.from({ length: DRAFT_LINES }, () => this.random.pick(this.catalogue.stocked));
    const skus = [...new Set(products.map((p) => p.facts.sku))];
    const customerId = this.limited.length > 0 && this.random.chance(0.5) ? this.random.pick(this.limited) : this.random.pick(this.catalogue.customers).customerId;
    return {
      method: 'POST',
      path: '/v1/orders',
      body: { customerId, lines: skus.map((sku) => ({ sku, quantity: this.random.int(1, MAX_DRAFT_QUANTITY) })) },
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

function failure(kind: CommandKind, failedAt: 'command' | 'read', sent: number, commandMs: number, error: string, status?: number): Probe {
  return { kind, ok: false, failedAt, status, commandMs, visibleMs: performance.now() - sent, readWaitMs: 0, logVisibleMs: NaN, error };
}

/**
 * A credit limit `drafts` live drafts cannot reach, whoever they are for: each is at most DRAFT_LINES lines
 * of MAX_DRAFT_QUANTITY units of the dearest stocked product at the highest tax rate (a cent of rounding
 * per amount on top), and a customer's exposure (open orders + open receivables) is at most the gross of
 * every order it confirmed. Rounded up to a whole thousand.
 */
export function creditLimitBeyond(catalogue: Catalogue, drafts: number): string {
  const line = (p: Catalogue['stocked'][number]) => new DecimalMath(p.facts.unitPrice).times(MAX_DRAFT_QUANTITY).times(new DecimalMath(1).plus(p.facts.taxRate)).plus('0.02');
  const dearest = catalogue.stocked.reduce((max, p) => DecimalMath.max(max, line(p)), new DecimalMath(0));
  const bound = dearest.times(DRAFT_LINES).times(drafts);
  return `${bound.dividedBy(1000).ceil().times(1000).toFixed(0)}.00`;
}

/** `promise`, or `fallback` after `ms`; the timer goes with the answer, so none outlives the load. */
function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
