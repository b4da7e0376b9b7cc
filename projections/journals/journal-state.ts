import type { IssuedLine, StockValuation } from '../stock/valuation';
import type { AccountCode } from './chart-of-accounts';

/**
 * The slice of the journals read model one batch works on, in memory: the valuation of the skus and the
 * shipment lines it touches, loaded once (journal-store.ts), folded in log order (journal-fold.ts), and
 * what changed, written back once.
 */

/**
 * Where an entry comes from: `credit_note` from `CreditNotePosted`, `payment` from `PaymentReceived`,
 * `advance_application` from `CreditApplied`; the others from the stock and order events.
 */
export type JournalSourceType = 'stock_receipt' | 'shipment' | 'shipment_return' | 'invoice' | 'credit_note' | 'payment' | 'advance_application';

/** The journals projection's own copy of a sku's moving-average valuation (the stock projection keeps the same). */
export interface SkuValuation {
  sku: string;
  /** Currency of its receipts; null until the first one. */
  currency: string | null;
  valuation: StockValuation;
  updatedPosition: string;
}

/** What a shipment line issued and what came back of it: returns reverse COGS at this cost. */
export interface ShipmentLineIssue extends IssuedLine {
  shipmentId: string;
  lineId: string;
  orderId: string;
  sku: string;
}

/** One side of a posting, in minor units of the entry's currency: exactly one of debit and credit is > 0. */
export interface JournalLine {
  account: AccountCode;
  debit: bigint;
  credit: bigint;
}

export interface JournalEntry {
  /** `<event id>:<seq>`: the same on every rebuild. */
  entryId: string;
  position: string;
  /** Index of the entry among those of its event. */
  seq: number;
  /** The document date, YYYY-MM-DD. */
  date: string;
  sourceType: JournalSourceType;
  sourceId: string;
  orderId: string | null;
  currency: string;
  description: string;
  occurredAt: string;
  lines: JournalLine[];
}

export interface JournalState {
  /** Every sku whose row was looked up (found or not): the fold may touch no other, lest it overwrite a row it never read. */
  loadedSkus: ReadonlySet<string>;
  skus: Map<string, SkuValuation>;
  /** Keyed by issueKey(shipmentId, lineId). */
  issues: Map<string, ShipmentLineIssue>;
}

export interface JournalChanges {
  entries: JournalEntry[];
  skus: Set<SkuValuation>;
  issues: Set<ShipmentLineIssue>;
}

export const issueKey = (shipmentId: string, lineId: string): string => `${shipmentId}\u0000${lineId}`;
