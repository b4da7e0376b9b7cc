import { addQuantities, subtractQuantity } from '../../libs/domain/shared/quantity';
import type { StoredEvent } from '../../libs/event-store/port';
import type { StockEvent, StockEventEnvelope } from './stock-events';
import type { StockMovementKind } from './stock-movement.entity';
import { issueKey, lineKey, SkuStock, StockChanges, StockState, TrackedOrder, TrackedOrderLine } from './stock-state';
import { negateDecimal } from '../shared/fixed-point';
import { emptyValuation, issue, PricedMovement, receive, returnToStock, zeroMoney } from './valuation';

/**
 * Folds a batch of stock events, in log order, into the in-memory state loaded for it (pure: no database),
 * and says what changed. Valuation is valuation.ts; reservations are derived from each order line, never
 * from the event's own reservation lists: reserved = max(0, ordered − shipped) for a stocked line of a
 * confirmed order. So confirmation reserves, shipping issues it, a return re-opens it, line edits on a
 * confirmed order adjust it, and lock and cancel release what is left, all by one rule.
 *
 * An event that contradicts what the projection knows (an order never drafted, a line or shipment line it
 * never saw, a receipt in another currency than the sku's earlier ones) throws: the log would be
 * inconsistent, and the runtime stops this projection at that event rather than guess.
 */
export function foldStockEvents(state: StockState, events: readonly StockEventEnvelope[]): StockChanges {
  const fold = new StockFold(state);
  for (const { stored, event } of events) fold.apply(stored, event);
  return fold.changes;
}

/** Amounts of skus without a receipt yet round to 2 decimals (minorDigits' default for an unknown currency). */
const NO_CURRENCY = '';

class StockFold {
  readonly changes: StockChanges = { skus: new Set(), orders: new Set(), lines: new Set(), removedLines: new Map(), issues: new Set(), movements: [] };
  private stored!: StoredEvent;
  private seq = 0;

  constructor(private readonly state: StockState) {}

  apply(stored: StoredEvent, event: StockEvent): void {
    this.stored = stored;
    this.seq = 0;
    switch (event.type) {
      case 'StockReceived':
        return this.received(event.data);
      case 'OrderDrafted': {
        const { orderId, lines } = event.data;
        if (this.state.orders.has(orderId)) throw new Error(`Order ${orderId} drafted twice`);
        const order: TrackedOrder = { orderId, status: 'unconfirmed', lines: new Map() };
        this.state.orders.set(orderId, order);
        for (const line of lines) this.addLine(order, line);
        this.changes.orders.add(order);
        return;
      }
      case 'OrderLineAdded': {
        const order = this.order(event.data.orderId);
        if (order.lines.has(event.data.line.lineId)) throw new Error(`Order ${order.orderId} already has line ${event.data.line.lineId}`);
        return this.addLine(order, event.data.line);
      }
      case 'OrderLineChanged': {
        const order = this.order(event.data.orderId);
        const line = this.line(order, event.data.lineId);
        line.ordered = event.data.quantity;
        this.touchLine(line);
        return this.refreshReservation(order, line);
      }
      case 'OrderLineRemoved': {
        const order = this.order(event.data.orderId);
        const line = this.line(order, event.data.lineId);
        this.reserve(order, line, -line.reserved);
        order.lines.delete(line.lineId);
        this.changes.lines.delete(line);
        this.changes.removedLines.set(lineKey(order.orderId, line.lineId), { orderId: order.orderId, lineId: line.lineId });
        return;
      }
      case 'OrderConfirmed':
        return this.setStatus(event.data.orderId, 'confirmed');
      case 'OrderLocked':
        return this.setStatus(event.data.orderId, 'locked');
      case 'OrderCanceled':
        return this.setStatus(event.data.orderId, 'canceled');
      case 'LinesShipped':
        return this.shipped(event.data);
      case 'ShipmentLinesReturned':
        return this.returned(event.data);
    }
  }

  private received({ receiptId, sku, quantity, unitCost, currency }: Extract<StockEvent, { type: 'StockReceived' }>['data']): void {
    const stock = this.sku(sku);
    if (stock.currency !== null && stock.currency !== currency) {
      throw new Error(`Receipt ${receiptId} of ${sku} is in ${currency}, earlier receipts in ${stock.currency}: values cannot mix currencies`);
    }
    stock.currency = currency;
    this.move(stock, 'receipt', quantity, receive(stock.valuation, quantity, unitCost, currency), { receiptId });
  }

  private shipped({ orderId, shipmentId, lines }: Extract<StockEvent, { type: 'LinesShipped' }>['data']): void {
    const order = this.order(orderId);
    for (const { lineId, sku, quantity } of lines) {
      const line = this.line(order, lineId);
      line.shipped = addQuantities(line.shipped, quantity);
      this.touchLine(line);
      this.refreshReservation(order, line);
      const key = issueKey(shipmentId, lineId);
      if (this.state.issues.has(key)) throw new Error(`Shipment ${shipmentId} line ${lineId} shipped twice`);
      const stock = this.sku(sku);
      const priced = issue(stock.valuation, quantity, currencyOf(stock));
      const shipmentIssue = { shipmentId, lineId, orderId, sku, quantity, unitCost: priced.unitCost, amount: priced.amount, returnedQuantity: 0, returnedAmount: zeroMoney(currencyOf(stock)) };
      this.state.issues.set(key, shipmentIssue);
      this.changes.issues.add(shipmentIssue);
      this.move(stock, 'shipment', -quantity, { ...priced, amount: negateDecimal(priced.amount) }, { orderId, shipmentId, lineId });
    }
  }

  private returned({ orderId, shipmentId, lines }: Extract<StockEvent, { type: 'ShipmentLinesReturned' }>['data']): void {
    const order = this.order(orderId);
    for (const { lineId, quantity } of lines) {
      const key = issueKey(shipmentId, lineId);
      const issued = this.state.issues.get(key);
      if (!issued) throw new Error(`Return to shipment ${shipmentId} line ${lineId}, which never shipped`);
      const line = this.line(order, lineId);
      line.shipped = subtractQuantity(line.shipped, quantity);
      this.touchLine(line);
      this.refreshReservation(order, line);
      // The shipment line's sku, not the event's: the goods come back to what was issued.
      const stock = this.sku(issued.sku);
      const priced = returnToStock(stock.valuation, issued, quantity, currencyOf(stock));
      Object.assign(issued, priced.issued);
      this.changes.issues.add(issued);
      this.move(stock, 'return', quantity, priced, { orderId, shipmentId, lineId });
    }
  }

  private setStatus(orderId: string, status: TrackedOrder['status']): void {
    const order = this.order(orderId);
    order.status = status;
    this.changes.orders.add(order);
    for (const line of order.lines.values()) this.refreshReservation(order, line);
  }

  private addLine(order: TrackedOrder, { lineId, sku, kind, quantity }: { lineId: string; sku: string; kind: TrackedOrderLine['kind']; quantity: number }): void {
    const line: TrackedOrderLine = { orderId: order.orderId, lineId, sku, kind, ordered: quantity, shipped: 0, reserved: 0 };
    order.lines.set(lineId, line);
    if (this.changes.removedLines.size > 0) this.changes.removedLines.delete(lineKey(order.orderId, lineId));
    this.touchLine(line);
    this.refreshReservation(order, line);
  }

  /** The one reservation rule; moves the sku's reserved total by the line's change. */
  private refreshReservation(order: TrackedOrder, line: TrackedOrderLine): void {
    const open = subtractQuantity(line.ordered, line.shipped);
    const reserved = order.status === 'confirmed' && line.kind === 'stocked' && open > 0 ? open : 0;
    this.reserve(order, line, subtractQuantity(reserved, line.reserved));
  }

  private reserve(order: TrackedOrder, line: TrackedOrderLine, delta: number): void {
    if (delta === 0) return;
    line.reserved = addQuantities(line.reserved, delta);
    this.touchLine(line);
    const stock = this.sku(line.sku);
    stock.reserved = addQuantities(stock.reserved, delta);
    this.touchSku(stock);
  }

  private move(stock: SkuStock, kind: StockMovementKind, quantity: number, priced: PricedMovement, documents: Partial<Record<'receiptId' | 'orderId' | 'shipmentId' | 'lineId', string>>): void {
    stock.valuation = priced.after;
    this.touchSku(stock);
    this.changes.movements.push({
      position: this.stored.position,
      seq: this.seq++,
      eventId: this.stored.id,
      sku: stock.sku,
      kind,
      quantity,
      unitCost: priced.unitCost,
      amount: priced.amount,
      after: priced.after,
      receiptId: documents.receiptId ?? null,
      orderId: documents.orderId ?? null,
      shipmentId: documents.shipmentId ?? null,
      lineId: documents.lineId ?? null,
      occurredAt: this.stored.occurredAt,
    });
  }

  private sku(sku: string): SkuStock {
    let stock = this.state.skus.get(sku);
    if (!stock) {
      if (!this.state.loadedSkus.has(sku)) throw new Error(`Stock of ${sku} touched without being loaded (stock-events.ts touchedKeys misses a case)`);
      stock = { sku, currency: null, valuation: emptyValuation(NO_CURRENCY), reserved: 0, updatedPosition: this.stored.position };
      this.state.skus.set(sku, stock);
    }
    return stock;
  }

  private order(orderId: string): TrackedOrder {
    const order = this.state.orders.get(orderId);
    if (!order) throw new Error(`Order ${orderId} was never drafted`);
    return order;
  }

  private line(order: TrackedOrder, lineId: string): TrackedOrderLine {
    const line = order.lines.get(lineId);
    if (!line) throw new Error(`Order ${order.orderId} has no line ${lineId}`);
    return line;
  }

  private touchSku(stock: SkuStock): void {
    stock.updatedPosition = this.stored.position;
    this.changes.skus.add(stock);
  }

  private touchLine(line: TrackedOrderLine): void {
    this.changes.lines.add(line);
  }
}

const currencyOf = (stock: SkuStock): string => stock.currency ?? NO_CURRENCY;
