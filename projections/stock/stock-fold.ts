import { addQuantities, subtractQuantity } from '../../libs/domain/shared/quantity';
import type { StoredEvent } from '../../libs/event-store/port';
import { negateDecimal } from '../shared/fixed-point';
import type { PricedMovement } from '../shared/stock-valuation/valuation';
import { newSkuValuation, ValuedStockFold } from '../shared/stock-valuation/valued-stock-fold';
import type { StockEvent, StockEventEnvelope } from './stock-events';
import type { StockMovementKind } from './stock-movement.entity';
import { lineKey, SkuStock, StockChanges, StockState, TrackedOrder, TrackedOrderLine } from './stock-state';

/**
 * Folds a batch of stock events, in log order, into the in-memory state loaded for it (pure: no database),
 * and says what changed. Valuation is the fold the journals projection values stock with too
 * (projections/shared/stock-valuation/); reservations are derived from each order line, never
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

class StockFold {
  readonly changes: StockChanges = { skus: new Set(), orders: new Set(), lines: new Set(), removedLines: new Map(), issues: new Set(), movements: [] };
  private readonly stock: ValuedStockFold<SkuStock>;
  private stored!: StoredEvent;
  private seq = 0;

  constructor(private readonly state: StockState) {
    this.stock = new ValuedStockFold(state, this.changes, { newSku: (sku, position) => ({ ...newSkuValuation(sku, position), reserved: 0 }), touchedKeysIn: 'stock-events.ts' });
  }

  apply(stored: StoredEvent, event: StockEvent): void {
    this.stored = stored;
    this.seq = 0;
    this.stock.at(stored.position);
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

  private received(receipt: Extract<StockEvent, { type: 'StockReceived' }>['data']): void {
    const { stock, priced } = this.stock.receive(receipt);
    this.move(stock, 'receipt', receipt.quantity, priced, { receiptId: receipt.receiptId });
  }

  private shipped({ orderId, shipmentId, lines }: Extract<StockEvent, { type: 'LinesShipped' }>['data']): void {
    const order = this.order(orderId);
    for (const shippedLine of lines) {
      const { lineId, quantity } = shippedLine;
      const line = this.line(order, lineId);
      line.shipped = addQuantities(line.shipped, quantity);
      this.touchLine(line);
      this.refreshReservation(order, line);
      const { stock, priced } = this.stock.issue(shipmentId, orderId, shippedLine);
      this.move(stock, 'shipment', -quantity, { ...priced, amount: negateDecimal(priced.amount) }, { orderId, shipmentId, lineId });
    }
  }

  private returned({ orderId, shipmentId, lines }: Extract<StockEvent, { type: 'ShipmentLinesReturned' }>['data']): void {
    const order = this.order(orderId);
    for (const { lineId, quantity } of lines) {
      const issued = this.stock.issued(shipmentId, lineId);
      const line = this.line(order, lineId);
      line.shipped = subtractQuantity(line.shipped, quantity);
      this.touchLine(line);
      this.refreshReservation(order, line);
      const { stock, priced } = this.stock.returnToStock(issued, quantity);
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
    const stock = this.stock.sku(line.sku);
    stock.reserved = addQuantities(stock.reserved, delta);
    this.stock.touch(stock);
  }

  /** Records a movement the valuation priced (and already applied to the sku), with the balances after it. */
  private move(stock: SkuStock, kind: StockMovementKind, quantity: number, priced: PricedMovement, documents: Partial<Record<'receiptId' | 'orderId' | 'shipmentId' | 'lineId', string>>): void {
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

  private touchLine(line: TrackedOrderLine): void {
    this.changes.lines.add(line);
  }
}
