import { randomUUID } from 'node:crypto';
import type { CustomerFacts, OrderCommand, RequestedLine } from '@ledgerline/domain/sales-order/commands';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { orderStream, OrderType } from '@ledgerline/domain/sales-order/events';
import type { ExistingOrder, OrderLineState, OrderState } from '@ledgerline/domain/sales-order/state';
import { DomainError } from '@ledgerline/domain/shared/domain-error';
import { Quantity, subtractQuantity } from '@ledgerline/domain/shared/quantity';
import { BenchProduct, Catalogue, receiveStock } from './catalogue';
import { commandMetadata, LogStep, LogStory, newEvent, StreamAppends, storyOf } from './log-story';
import { confirmOrder, draftOrder, invoiceLines } from './order-to-cash-commands';
import { SeededRandom } from './seeded-random';

/** How the generated orders ended and what happened on the way: reported with the results. */
export interface OrderMix {
  orders: number;
  discarded: number;
  canceled: number;
  locked: number;
  shipments: number;
  returns: number;
  invoices: number;
  restocks: number;
}

export const emptyOrderMix = (): OrderMix => ({ orders: 0, discarded: 0, canceled: 0, locked: 0, shipments: 0, returns: 0, invoices: 0, restocks: 0 });

const ORDER_TYPES: Record<OrderType, number> = { standard: 70, rush: 8, backorder: 5, blanket: 5, 'drop-ship': 5, service: 7 };

/**
 * One sales order's life, decided command by command by the real order decider (so every event has the
 * payload the app writes, and no projection meets an event the app could not have written): drafted, now
 * and then edited or sent first, confirmed, restocked, shipped in one to three parts, delivered, sometimes
 * partly returned and re-shipped, invoiced once or twice (each invoice numbered, ADR 0005), locked. A few
 * are discarded as drafts or canceled.
 */
export function orderStory(random: SeededRandom, catalogue: Catalogue, invoiceDate: string, mix: OrderMix, maxEventsPerAppend: number): LogStory {
  const steps: LogStep[] = [];
  const order = new OrderScript(randomUUID(), steps, maxEventsPerAppend);
  const customer = random.pick(catalogue.customers);
  const orderType = random.weighted(ORDER_TYPES);
  mix.orders++;

  // The header is drawn before the lines, as it always was: one seed keeps giving the same log.
  const header = {
    orderType,
    requestedDeliveryDate: random.chance(0.4) ? invoiceDate : null,
    customerReference: random.chance(0.5) ? `PO-${random.int(10_000, 99_999)}` : null,
    invoicePolicy: random.chance(0.1) ? random.pick(['ordered', 'delivered'] as const) : null,
  };
  order.run(draftOrder(order.orderId, customer, requestedLines(random, catalogue, orderType, random.int(1, 4)), header));
  edit(random, catalogue, order);
  if (random.chance(0.4)) {
    order.run({ type: 'SendOrder', data: { orderId: order.orderId } });
    // The customer asks for one more thing: the sent order goes back to draft, and is sent again.
    if (random.chance(0.05)) {
      order.run({ type: 'AddLine', data: { orderId: order.orderId, line: requestedLines(random, catalogue, orderType, 1)[0] } });
      order.run({ type: 'SendOrder', data: { orderId: order.orderId } });
    }
  }
  if (random.chance(0.05)) {
    if (order.current.status === 'draft') {
      order.run({ type: 'DiscardDraft', data: { orderId: order.orderId, reason: 'customer changed plans' } });
      mix.discarded++;
    } else {
      order.run({ type: 'CancelOrder', data: { orderId: order.orderId, reason: 'customer withdrew the order' } });
      mix.canceled++;
    }
    return order.finish();
  }
  order.run(confirmOrder(order.orderId, customer));
  if (random.chance(0.03)) {
    order.run({ type: 'CancelOrder', data: { orderId: order.orderId, reason: 'credit hold' } });
    mix.canceled++;
    return order.finish();
  }

  restock(random, catalogue, order, steps, mix);
  if (ship(random, order, mix) === 'canceled') return order.finish();
  invoice(random, order, customer, invoiceDate, mix);
  if (random.chance(0.7) && order.tryRun({ type: 'LockOrder', data: { orderId: order.orderId } })) mix.locked++;
  return order.finish();
}

/** Draft edits: a line added, a quantity changed, a line removed, a new reference. */
function edit(random: SeededRandom, catalogue: Catalogue, order: OrderScript): void {
  const { orderId } = order;
  if (random.chance(0.15)) order.run({ type: 'AddLine', data: { orderId, line: requestedLines(random, catalogue, order.current.orderType, 1)[0] } });
  if (random.chance(0.08)) {
    const line = random.pick(order.current.lines);
    order.tryRun({ type: 'ChangeLine', data: { orderId, lineId: line.lineId, quantity: line.quantity + random.int(1, 3) } });
  }
  if (random.chance(0.05) && order.current.lines.length > 1) {
    order.run({ type: 'RemoveLine', data: { orderId, lineId: order.current.lines[order.current.lines.length - 1].lineId } });
  }
  if (random.chance(0.05)) order.run({ type: 'ChangeOrderDetails', data: { orderId, changes: { customerReference: `PO-${random.int(100_000, 999_999)}` } } });
}

/** Goods come in for some of the order's skus before it ships: receipts and issues interleave in the log. */
function restock(random: SeededRandom, catalogue: Catalogue, order: OrderScript, steps: LogStep[], mix: OrderMix): void {
  for (const line of stockedLines(order.current)) {
    if (!random.chance(0.35)) continue;
    const product = catalogue.stocked.find((p) => p.facts.sku === line.sku) as BenchProduct;
    order.flush();
    receiveStock(steps, random, product, random.int(20, 80));
    mix.restocks++;
  }
}

/** One to three shipments, most delivered, a few partly returned (and then mostly re-shipped). */
function ship(random: SeededRandom, order: OrderScript, mix: OrderMix): 'shipped' | 'canceled' {
  const { orderId } = order;
  if (stockedLines(order.current).length === 0) return 'shipped';
  const parts = Number(random.weighted({ '1': 50, '2': 35, '3': 15 }));
  // A blanket order may close before every release went out.
  const skipLast = order.current.orderType === 'blanket' && random.chance(0.3);
  for (let part = 1; part <= parts; part++) {
    const partsLeft = parts - part + 1;
    if (skipLast && partsLeft === 1 && part > 1) break;
    const lines = stockedLines(order.current)
      .map((line) => ({ lineId: line.lineId, quantity: partOf(subtractQuantity(line.quantity, line.shippedQuantity), partsLeft) }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) continue;
    const shipmentId = randomUUID();
    order.run({ type: 'ShipLines', data: { orderId, shipmentId, lines } });
    mix.shipments++;
    if (random.chance(0.9)) order.run({ type: 'DeliverShipment', data: { orderId, shipmentId } });
    if (random.chance(0.08)) returnSome(random, order, shipmentId, mix);
    if (part === 1 && random.chance(0.02) && order.tryRun({ type: 'CancelOrder', data: { orderId, reason: 'rest no longer needed' } })) {
      mix.canceled++;
      return 'canceled';
    }
  }
  return 'shipped';
}

/** Part of one line of a shipment comes back; usually the warehouse ships the replacement. */
function returnSome(random: SeededRandom, order: OrderScript, shipmentId: string, mix: OrderMix): void {
  const { orderId } = order;
  const shipment = order.current.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) return;
  const line = random.pick(shipment.lines);
  const quantity = line.quantity >= 1 ? random.int(1, Math.floor(line.quantity)) : line.quantity;
  order.run({ type: 'ReturnShipmentLines', data: { orderId, shipmentId, lines: [{ lineId: line.lineId, quantity }] } });
  mix.returns++;
  if (random.chance(0.6)) {
    const replacement = randomUUID();
    order.run({ type: 'ShipLines', data: { orderId, shipmentId: replacement, lines: [{ lineId: line.lineId, quantity }] } });
    order.run({ type: 'DeliverShipment', data: { orderId, shipmentId: replacement } });
    mix.shipments++;
  }
}

/** What may be invoiced, in one invoice or two; 10 % of orders stay uninvoiced (still open at the end). */
function invoice(random: SeededRandom, order: OrderScript, customer: CustomerFacts, invoiceDate: string, mix: OrderMix): void {
  if (random.chance(0.1)) return;
  const invoices = random.chance(0.25) ? 2 : 1;
  const policy = order.current.invoicePolicy ?? customer.invoicePolicy;
  for (let n = invoices; n >= 1; n--) {
    const lines = order.current.lines
      .map((line) => {
        const limit = policy === 'delivered' && line.kind === 'stocked' ? line.shippedQuantity : line.quantity;
        return { lineId: line.lineId, quantity: partOf(subtractQuantity(limit, line.invoicedQuantity), n) };
      })
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) continue;
    const invoiceId = randomUUID();
    order.run(invoiceLines(order.orderId, invoiceId, customer, lines, invoiceDate));
    order.flush();
    // InvoiceNumbering runs right after the issue (ADR 0005): its events follow the InvoiceIssued in the log.
    order.steps.push({ kind: 'number-invoice', invoiceId, orderId: order.orderId, year: Number(invoiceDate.slice(0, 4)), correlationId: randomUUID() });
    mix.invoices++;
  }
}

function requestedLines(random: SeededRandom, catalogue: Catalogue, orderType: OrderType, count: number): RequestedLine[] {
  const lines: RequestedLine[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const pool = orderType === 'service' || random.chance(0.12) ? catalogue.services : catalogue.stocked;
    const product = random.pick(pool);
    if (used.has(product.facts.sku)) continue;
    used.add(product.facts.sku);
    lines.push({
      lineId: randomUUID(),
      product: product.facts,
      sku: product.facts.sku,
      // Whole units mostly; some by the half (metres, kilograms).
      quantity: random.chance(0.1) ? random.int(1, 12) + 0.5 : random.int(1, 12),
      discount: random.chance(0.2) ? random.pick(['0.05', '0.10', '0.15']) : undefined,
    });
  }
  return lines;
}

const stockedLines = (order: ExistingOrder): OrderLineState[] => order.lines.filter((l) => l.kind === 'stocked');

/** 1/parts of what is left, in whole units (all of it when that is the last part or less than one unit). */
function partOf(left: Quantity, parts: number): Quantity {
  if (parts <= 1 || left <= 1) return left;
  return Math.max(1, Math.floor(left / parts));
}

/** The order's stream, driven through the decider: events go into appends of several events each. */
class OrderScript {
  private state: OrderState = orderDecider.initialState;
  private readonly stream: StreamAppends;

  constructor(
    readonly orderId: string,
    readonly steps: LogStep[],
    maxEventsPerAppend: number,
  ) {
    this.stream = new StreamAppends(orderStream(orderId), steps, maxEventsPerAppend);
  }

  get current(): ExistingOrder {
    if (this.state.status === 'none') throw new Error(`order ${this.orderId} not drafted yet`);
    return this.state;
  }

  /** A command the story needs: a refusal means the generator is wrong, and the run must stop. */
  run(command: OrderCommand): void {
    const events = orderDecider.decide(command, this.state);
    const metadata = commandMetadata(command.type, randomUUID());
    for (const event of events) {
      this.state = orderDecider.evolve(this.state, event);
      this.stream.add(newEvent(event, metadata));
    }
  }

  /** A command that may be refused (lock with a shipment out, cancel after delivery…): refused, it writes nothing. */
  tryRun(command: OrderCommand): boolean {
    try {
      this.run(command);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  flush(): void {
    this.stream.flush();
  }

  finish(): LogStory {
    this.stream.flush();
    return storyOf(this.steps);
  }
}
