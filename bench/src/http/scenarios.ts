import { SeededRandom } from '../history/seeded-random';
import type { ScenarioName } from './http-bench-options';
import type { JsonResponse } from './json-client';

/** What the setup made before any timing: customers without a credit limit, stocked products with stock. */
export interface Fixtures {
  customerIds: string[];
  skus: string[];
}

/** Orders the scenarios made, for the read mix to read (the latest few hundred). */
export class KnownOrders {
  private readonly ids: string[] = [];

  constructor(private readonly keep = 500) {}

  add(id: string): void {
    this.ids.push(id);
    if (this.ids.length > this.keep * 2) this.ids.splice(0, this.ids.length - this.keep);
  }

  get count(): number {
    return this.ids.length;
  }

  pick(random: SeededRandom): string {
    return random.pick(this.ids);
  }
}

/** One request of a script; `route` names it in error reports without its ids. */
export interface Step {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  route: string;
}

/** What one closed-loop client sends, one request after the other; it moves on only on a 2xx. */
export interface ClientScript {
  next(): Step;
  /** The answer to the step `next` gave (2xx), for the ids the next steps need. */
  answered(response: JsonResponse): void;
  /** The step failed (not 2xx, or no answer): start the script's cycle over. */
  failed(): void;
}

/** Lines the add-line scenario adds to each draft, one POST each, as the figures have it. */
export const LINES_PER_DRAFT = 19;

/**
 * A draft with no lines (POST /v1/orders), then LINES_PER_DRAFT lines, one POST /v1/orders/:id/lines
 * each (one unit of the next product in turn), then a new draft: 20 commands per order, all counted.
 */
class AddLine implements ClientScript {
  private orderId: string | null = null;
  private added = 0;

  constructor(
    private readonly customerId: string,
    private readonly fixtures: Fixtures,
    private readonly orders: KnownOrders,
  ) {}

  next(): Step {
    if (this.orderId === null || this.added >= LINES_PER_DRAFT) {
      return { method: 'POST', path: '/v1/orders', body: { customerId: this.customerId, lines: [] }, route: 'POST /v1/orders' };
    }
    const sku = this.fixtures.skus[this.added % this.fixtures.skus.length];
    return { method: 'POST', path: `/v1/orders/${this.orderId}/lines`, body: { sku, quantity: 1 }, route: 'POST /v1/orders/:id/lines' };
  }

  answered(response: JsonResponse): void {
    if (this.orderId === null || this.added >= LINES_PER_DRAFT) {
      this.orderId = (JSON.parse(response.text) as { id: string }).id;
      this.added = 0;
      this.orders.add(this.orderId);
    } else {
      this.added++;
    }
  }

  failed(): void {
    this.orderId = null;
  }
}

type RoundStage = 'draft' | 'confirm' | 'ship' | 'invoice' | 'pay';

/**
 * The order-to-cash round, five commands: draft an order of two products (one unit each), confirm it, ship
 * both lines, invoice them, pay the invoice in full (POST /v1/payments with its allocation). The customer
 * has no credit limit and the products have stock, so every command is one the app accepts.
 */
class OrderToCash implements ClientScript {
  private stage: RoundStage = 'draft';
  private orderId = '';
  private lines: { lineId: string; quantity: number }[] = [];
  private invoice = { id: '', outstanding: '' };

  constructor(
    private readonly customerId: string,
    private readonly fixtures: Fixtures,
    private readonly orders: KnownOrders,
    private readonly random: SeededRandom,
    private readonly onRound?: () => void,
  ) {}

  next(): Step {
    const order = `/v1/orders/${this.orderId}`;
    switch (this.stage) {
      case 'draft': {
        const first = this.random.int(0, this.fixtures.skus.length - 1);
        const skus = [this.fixtures.skus[first], this.fixtures.skus[(first + 1) % this.fixtures.skus.length]];
        return { method: 'POST', path: '/v1/orders', body: { customerId: this.customerId, lines: skus.map((sku) => ({ sku, quantity: 1 })) }, route: 'POST /v1/orders' };
      }
      case 'confirm':
        return { method: 'POST', path: `${order}/confirm`, body: {}, route: 'POST /v1/orders/:id/confirm' };
      case 'ship':
        return { method: 'POST', path: `${order}/shipments`, body: { lines: this.lines }, route: 'POST /v1/orders/:id/shipments' };
      case 'invoice':
        return { method: 'POST', path: `${order}/invoices`, body: { lines: this.lines }, route: 'POST /v1/orders/:id/invoices' };
      case 'pay': {
        const { id, outstanding } = this.invoice;
        return {
          method: 'POST',
          path: '/v1/payments',
          body: { customerId: this.customerId, amount: outstanding, allocations: [{ invoiceId: id, amount: outstanding }] },
          route: 'POST /v1/payments',
        };
      }
    }
  }

  answered(response: JsonResponse): void {
    switch (this.stage) {
      case 'draft': {
        const order = JSON.parse(response.text) as { id: string; lines: { lineId: string; quantity: number }[] };
        this.orderId = order.id;
        this.lines = order.lines.map(({ lineId, quantity }) => ({ lineId, quantity }));
        this.orders.add(order.id);
        this.stage = 'confirm';
        return;
      }
      case 'confirm':
        this.stage = 'ship';
        return;
      case 'ship':
        this.stage = 'invoice';
        return;
      case 'invoice': {
        const invoice = JSON.parse(response.text) as { id: string; outstanding: string };
        this.invoice = { id: invoice.id, outstanding: invoice.outstanding };
        this.stage = 'pay';
        return;
      }
      case 'pay':
        this.stage = 'draft';
        this.onRound?.();
        return;
    }
  }

  failed(): void {
    this.stage = 'draft';
  }
}

/**
 * Reads in turn: an order by id (folded from its stream), a sku's stock level, a customer's receivables,
 * the first page of the order list (the last three from the projections).
 */
class ReadMix implements ClientScript {
  private turn = 0;

  constructor(
    private readonly fixtures: Fixtures,
    private readonly orders: KnownOrders,
    private readonly random: SeededRandom,
  ) {}

  next(): Step {
    switch (this.turn++ % 4) {
      case 0:
        return { method: 'GET', path: `/v1/orders/${this.orders.pick(this.random)}`, route: 'GET /v1/orders/:id' };
      case 1:
        return { method: 'GET', path: `/v1/stock/${this.random.pick(this.fixtures.skus)}`, route: 'GET /v1/stock/:sku' };
      case 2:
        return { method: 'GET', path: `/v1/receivables/customers/${this.random.pick(this.fixtures.customerIds)}`, route: 'GET /v1/receivables/customers/:id' };
      default:
        return { method: 'GET', path: '/v1/orders?limit=20', route: 'GET /v1/orders?limit=20' };
    }
  }

  answered(): void {}

  failed(): void {}
}

/** The script of client `index` (0-based): each client has a customer of its own while there are enough. */
export function clientScript(scenario: ScenarioName, index: number, fixtures: Fixtures, orders: KnownOrders, seed: number, onRound?: () => void): ClientScript {
  const customerId = fixtures.customerIds[index % fixtures.customerIds.length];
  const random = new SeededRandom(seed + index);
  switch (scenario) {
    case 'add-line':
      return new AddLine(customerId, fixtures, orders);
    case 'order-to-cash':
      return new OrderToCash(customerId, fixtures, orders, random, onRound);
    case 'read-mix':
      return new ReadMix(fixtures, orders, random);
  }
}
