import type { ProductKind } from '../../libs/domain/product/product';
import type { Money } from '../../libs/domain/shared/money';
import type { Quantity } from '../../libs/domain/shared/quantity';
import type { StockValuation } from '../shared/stock-valuation/valuation';
import type { SkuValuation, ValuedStockChanges, ValuedStockState } from '../shared/stock-valuation/valued-stock';
import type { StockMovementKind } from './stock-movement.entity';
import type { StockOrderStatus } from './stock-order.entity';

/**
 * The slice of the stock read model one batch works on, in memory: the rows of the skus, orders and
 * shipments the batch touches, loaded once, folded event by event, written back once (stock-store.ts).
 * The valuation part (skus and shipment lines) is the one the journals projection keeps too
 * (projections/shared/stock-valuation/).
 */
export interface SkuStock extends SkuValuation {
  reserved: Quantity;
}

export interface TrackedOrderLine {
  orderId: string;
  lineId: string;
  sku: string;
  kind: ProductKind;
  ordered: Quantity;
  shipped: Quantity;
  reserved: Quantity;
}

export interface TrackedOrder {
  orderId: string;
  status: StockOrderStatus;
  lines: Map<string, TrackedOrderLine>;
}

export interface StockMovement {
  position: string;
  seq: number;
  eventId: string;
  sku: string;
  kind: StockMovementKind;
  /** Signed: + into stock, − out of it. */
  quantity: Quantity;
  unitCost: string;
  /** Signed change of the sku's value. */
  amount: Money;
  after: StockValuation;
  receiptId: string | null;
  orderId: string | null;
  shipmentId: string | null;
  lineId: string | null;
  occurredAt: string;
}

export interface StockState extends ValuedStockState<SkuStock> {
  orders: Map<string, TrackedOrder>;
}

/** What a batch changed: these rows are written back, the movements appended. */
export interface StockChanges extends ValuedStockChanges<SkuStock> {
  /** Orders drafted or whose status changed. */
  orders: Set<TrackedOrder>;
  lines: Set<TrackedOrderLine>;
  /** Keyed by lineKey(orderId, lineId). */
  removedLines: Map<string, { orderId: string; lineId: string }>;
  movements: StockMovement[];
}

/** Two-part keys joined by a character ids never contain. */
export const lineKey = (orderId: string, lineId: string): string => `${orderId}\u0000${lineId}`;
