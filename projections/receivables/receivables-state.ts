import type { OpenItemStatus } from './open-item.entity';

/**
 * The slice of the receivables read model one batch works on, in memory: the rows of the invoices and
 * customers it touches, loaded once (receivables-store.ts), folded event by event (receivables-fold.ts),
 * written back once. Money is held in integer minor units of the row's currency (BigInt): sums and
 * differences of amounts that already carry the currency's digits need no rounding.
 */
export interface OpenItem {
  invoiceId: string;
  number: string | null;
  customerId: string;
  orderId: string;
  currency: string;
  invoiceDate: string;
  dueDate: string;
  gross: bigint;
  paid: bigint;
  credited: bigint;
  outstanding: bigint;
  status: OpenItemStatus;
  issuedPosition: string;
  updatedPosition: string;
  /** The row exists in the table: it is updated, not inserted. */
  persisted: boolean;
  dirty: boolean;
}

export interface CustomerBalance {
  customerId: string;
  currency: string;
  balance: bigint;
  unappliedCredit: bigint;
  invoiceCount: number;
  openInvoiceCount: number;
  updatedPosition: string;
  dirty: boolean;
}

/** An `InvoiceNumbered` whose `InvoiceIssued` has not been applied yet. */
export interface PendingNumber {
  invoiceId: string;
  orderId: string;
  number: string;
  year: number;
  numberedPosition: string;
  persisted: boolean;
}

export interface ReceivablesState {
  items: Map<string, OpenItem>;
  /** By `balanceKey`: every balance row of the customers the batch invoices. */
  balances: Map<string, CustomerBalance>;
  /** Customers whose balance rows were loaded: a balance of any other customer would start from a wrong 0. */
  loadedCustomers: ReadonlySet<string>;
  pending: Map<string, PendingNumber>;
  /** Stored pending numbers the batch moved onto their invoice: their rows are deleted. */
  consumed: PendingNumber[];
}

export const balanceKey = (customerId: string, currency: string): string => `${customerId}/${currency}`;

/**
 * domain.md "Payments": an invoice is open, partially paid or paid from its allocations. Nothing left to
 * collect reads `paid`, whether payments, credit notes or a zero invoice brought it there; something
 * paid and something left reads `partially_paid`; otherwise `open` (a partial credit note alone does not
 * make an invoice partially paid). `overdue` is not stored: it depends on the day it is asked.
 */
export function invoiceStatus(paid: bigint, outstanding: bigint): OpenItemStatus {
  if (outstanding === 0n) return 'paid';
  return paid > 0n ? 'partially_paid' : 'open';
}
