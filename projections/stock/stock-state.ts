import type { ProductKind } from '../../libs/domain/product/product';
import type { Money } from '../../libs/domain/shared/money';
import type { Quantity } from '../../libs/domain/shared/quantity';
import type { StockMovementKind } from './stock-movement.entity';
import type { StockOrderStatus } from './stock-order.entity';
import type { IssuedLine, StockValuation } from './valuation';

/**
 * The slice of the stock read model one batch works on, in memory: the rows of the skus, orders and
 * shipments the batch touches, loaded once, folded event by event, written back once (stock-store.ts).
 */
export interface SkuStock {
  sku: string;
  currency: string | null;
  valuation: StockValuation;
  reserved: Quantity;
  updatedPosition: string;
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

export interface ShipmentIssue extends IssuedLine {
  shipmentId: string;
  lineId: string;
  orderId: string;
  sku: string;
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

export interface StockState {
  /** Every sku whose row was looked up (found or not): the fold may touch no other, lest it overwrite a row it never read. */
  loadedSkus: ReadonlySet<string>;
  skus: Map<string, SkuStock>;
  orders: Map<string, TrackedOrder>;
  /** Keyed by issueKey(shipmentId, lineId). */
  issues: Map<string, ShipmentIssue>;
}

/** What a batch changed: these rows are written back, the movements appended. */
export interface StockChanges {
  skus: Set<SkuStock>;
  /** Orders drafted or whose status changed. */
  orders: Set<TrackedOrder>;
  lines: Set<TrackedOrderLine>;
  /** Keyed by lineKey(orderId, lineId). */
  removedLines: Map<string, { orderId: string; lineId: string }>;
  issues: Set<ShipmentIssue>;
  movements: StockMovement[];
}

/** Two-part keys joined by a character ids never contain. */
export const issueKey = (shipmentId: string, lineId: string): string => `${shipmentId}\u0000${lineId}`;
export const lineKey = (orderId: string, lineId: string): string => `${orderId}\u0000${lineId}`;
