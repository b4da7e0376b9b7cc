import type { SkuValuation, ValuedStockChanges, ValuedStockState } from '../shared/stock-valuation/valued-stock';
import type { AccountCode } from './chart-of-accounts';

/**
 * The slice of the journals read model one batch works on, in memory: the valuation of the skus and the
 * shipment lines it touches (the stock projection keeps the same, in its own tables), loaded once
 * (journal-store.ts), folded in log order (journal-fold.ts), and what changed, written back once.
 */

/**
 * Where an entry comes from: `credit_note` from `CreditNotePosted`, `payment` from `PaymentReceived`,
 * `advance_application` from `CreditApplied`; the others from the stock and order events.
 */
export type JournalSourceType = 'stock_receipt' | 'shipment' | 'shipment_return' | 'invoice' | 'credit_note' | 'payment' | 'advance_application';

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

export type JournalState = ValuedStockState<SkuValuation>;

export interface JournalChanges extends ValuedStockChanges<SkuValuation> {
  entries: JournalEntry[];
}
