import type { OpenItemStatus } from './open-item.entity';

/**
 * The slice of the receivables read model one batch works on, in memory: the rows of the invoices,
 * customers and credit notes it touches, loaded once (receivables-store.ts), folded event by event
 * (receivables-fold.ts), written back once. Money is held in integer minor units (BigInt): document
 * amounts in the row's `currency`, `…Base` amounts in its `baseCurrency`. Sums and differences of
 * amounts that already carry the currency's digits need no rounding.
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
  /** The ledger's currency of the `…Base` amounts (the invoice's own currency on events before rates existed). */
  baseCurrency: string;
  /** Base units per invoice-currency unit, as the invoice states it ("1" before rates existed). */
  exchangeRate: string;
  grossBase: bigint;
  paidBase: bigint;
  creditedBase: bigint;
  /** grossBase − paidBase − creditedBase: what the invoice still holds on account 1100. */
  outstandingBase: bigint;
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
  /** The currency of `balanceBase` and `unappliedCreditBase`. */
  baseCurrency: string;
  balanceBase: bigint;
  unappliedCreditBase: bigint;
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

/** A `CreditNoteNumbered` whose `CreditNotePosted` has not been applied yet. */
export interface PendingCreditNoteNumber {
  creditNoteId: string;
  invoiceId: string;
  orderId: string;
  number: string;
  year: number;
  numberedPosition: string;
  persisted: boolean;
}

/**
 * One settlement of an invoice (a payment allocation, an applied credit, the applied part of a credit
 * note), kept with its date so the aging report can add back what was settled after its day. Inserted
 * only: a settlement never changes.
 */
export interface Settlement {
  invoiceId: string;
  sourceType: SettlementSource;
  sourceId: string;
  amount: bigint;
  currency: string;
  baseAmount: bigint;
  baseCurrency: string;
  settledOn: string;
  position: string;
}

export type SettlementSource = 'payment' | 'credit_application' | 'credit_note';

/** A received payment as a row; inserted only. */
export interface Payment {
  paymentId: string;
  customerId: string;
  currency: string;
  amount: bigint;
  receivedOn: string;
  exchangeRate: string;
  baseCurrency: string;
  baseAmount: bigint;
  allocated: bigint;
  unallocated: bigint;
  allocatedBase: bigint;
  unallocatedBase: bigint;
  exchangeDifference: bigint;
  position: string;
}

/**
 * A credit note the batch posts, with every field. A stored one (`StoredCreditNote`) is loaded with only
 * what a later event may change (the number) and what it is checked against (invoice and order).
 */
export interface CreditNote {
  creditNoteId: string;
  number: string | null;
  invoiceId: string;
  orderId: string;
  customerId: string;
  currency: string;
  creditDate: string;
  exchangeRate: string;
  baseCurrency: string;
  net: bigint;
  tax: bigint;
  gross: bigint;
  applied: bigint;
  toCredit: bigint;
  netBase: bigint;
  taxBase: bigint;
  grossBase: bigint;
  appliedBase: bigint;
  toCreditBase: bigint;
  /** grossBase − appliedBase − toCreditBase: rounding cents posted to 7900. */
  exchangeDifference: bigint;
  position: string;
  updatedPosition: string;
  /** Posted by this batch: inserted. */
  persisted: false;
  dirty: boolean;
}

/** A stored credit note as loaded: only what a later event may change or is checked against. */
export type StoredCreditNote = Pick<CreditNote, 'creditNoteId' | 'number' | 'invoiceId' | 'orderId' | 'updatedPosition'> & { persisted: true; dirty: boolean };

export interface ReceivablesState {
  items: Map<string, OpenItem>;
  /** By `balanceKey`: every balance row of the customers the batch invoices or settles. */
  balances: Map<string, CustomerBalance>;
  /** Customers whose balance rows were loaded: a balance of any other customer would start from a wrong 0. */
  loadedCustomers: ReadonlySet<string>;
  pending: Map<string, PendingNumber>;
  /** Stored pending numbers the batch moved onto their invoice: their rows are deleted. */
  consumed: PendingNumber[];
  /** Credit notes the batch names: stored ones (loaded) and the ones it posts. */
  creditNotes: Map<string, CreditNote | StoredCreditNote>;
  pendingCreditNoteNumbers: Map<string, PendingCreditNoteNumber>;
  /** Stored pending credit note numbers the batch moved onto their note: their rows are deleted. */
  consumedCreditNoteNumbers: PendingCreditNoteNumber[];
  /** Rows the batch appends: settlements by `settlementKey`, payments in log order. */
  settlements: Map<string, Settlement>;
  payments: Payment[];
}

export const balanceKey = (customerId: string, currency: string): string => `${customerId}/${currency}`;
export const settlementKey = (sourceType: SettlementSource, sourceId: string, invoiceId: string): string => `${sourceType}/${sourceId}/${invoiceId}`;

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
