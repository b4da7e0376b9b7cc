import type { IssuedLine, StockValuation } from './valuation';

/**
 * What a projection that values stock keeps, in memory for one batch: the valuation of the skus it
 * touches and what each shipment line issued. The stock and the journals projections each keep these in
 * tables of their own (each rebuilds on its own), with the same columns (valued-stock.columns.ts) and the
 * same rows: fed the same movements in the same log order, they price every movement to the same cent.
 */

/** A sku's moving-average valuation. */
export interface SkuValuation {
  sku: string;
  /** Currency of its receipts; null until the first one. */
  currency: string | null;
  valuation: StockValuation;
  updatedPosition: string;
}

/** What a shipment line issued and what came back of it: its returns are priced from it. */
export interface ShipmentLineIssue extends IssuedLine {
  shipmentId: string;
  lineId: string;
  orderId: string;
  sku: string;
}

/** The rows one batch loaded; `S` is the projection's sku row (the stock projection's adds reservations). */
export interface ValuedStockState<S extends SkuValuation> {
  /** Every sku whose row was looked up (found or not): the fold may touch no other, lest it overwrite a row it never read. */
  loadedSkus: ReadonlySet<string>;
  skus: Map<string, S>;
  /** Keyed by issueKey(shipmentId, lineId). */
  issues: Map<string, ShipmentLineIssue>;
}

/** The rows one batch changed: written back once. */
export interface ValuedStockChanges<S extends SkuValuation> {
  skus: Set<S>;
  issues: Set<ShipmentLineIssue>;
}

/** Two-part keys joined by a character ids never contain. */
export const issueKey = (shipmentId: string, lineId: string): string => `${shipmentId}\u0000${lineId}`;
