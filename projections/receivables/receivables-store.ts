import type { EntityManager } from 'typeorm';
import { BulkWrite, Columns, Row } from '../shared/bulk-sql';
import { fromMinor, toMinor } from '../shared/fixed-point';
import type { OpenItemStatus } from './open-item.entity';
import type { TouchedKeys } from './receivables-events';
import {
  CreditNote,
  CustomerBalance,
  OpenItem,
  Payment,
  PendingCreditNoteNumber,
  PendingNumber,
  ReceivablesState,
  Settlement,
  StoredCreditNote,
  balanceKey,
} from './receivables-state';

/**
 * Reads the rows one batch touches and writes back what it changed: one SELECT and one write statement
 * per batch, whatever its size (ADR 0006). Runs inside the runner's transaction; unqualified table names
 * resolve to the generation's schema.
 */

/** The rows as the load's JSON carries them: money as text (never a float), dates as 'YYYY-MM-DD'. */
interface LoadedItem {
  invoice_id: string;
  number: string | null;
  customer_id: string;
  order_id: string;
  currency: string;
  invoice_date: string;
  due_date: string;
  gross: string;
  paid: string;
  credited: string;
  outstanding: string;
  base_currency: string;
  exchange_rate: string;
  gross_base: string;
  paid_base: string;
  credited_base: string;
  outstanding_base: string;
  status: OpenItemStatus;
  issued_position: string;
  updated_position: string;
}

interface LoadedBalance {
  customer_id: string;
  currency: string;
  balance: string;
  unapplied_credit: string;
  base_currency: string;
  balance_base: string;
  unapplied_credit_base: string;
  invoice_count: number;
  open_invoice_count: number;
  updated_position: string;
}

interface LoadedPending {
  invoice_id: string;
  order_id: string;
  number: string;
  year: number;
  numbered_position: string;
}

interface LoadedCreditNote {
  credit_note_id: string;
  number: string | null;
  invoice_id: string;
  order_id: string;
  updated_position: string;
}

interface LoadedPendingCreditNoteNumber {
  credit_note_id: string;
  invoice_id: string;
  order_id: string;
  number: string;
  year: number;
  numbered_position: string;
}

// to_char, not ::text: a date's text form follows the session's DateStyle.
const LOAD_SQL = `SELECT
  (SELECT coalesce(json_agg(i), '[]') FROM (
     SELECT invoice_id, number, customer_id, order_id, currency, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
            to_char(due_date, 'YYYY-MM-DD') AS due_date, gross::text AS gross, paid::text AS paid, credited::text AS credited,
            outstanding::text AS outstanding, base_currency, exchange_rate::text AS exchange_rate, gross_base::text AS gross_base,
            paid_base::text AS paid_base, credited_base::text AS credited_base, outstanding_base::text AS outstanding_base,
            status, issued_position, updated_position
     FROM open_items WHERE invoice_id = ANY($1::uuid[])) i) AS items,
  (SELECT coalesce(json_agg(p), '[]') FROM (
     SELECT invoice_id, order_id, number, year, numbered_position
     FROM pending_invoice_numbers WHERE invoice_id = ANY($1::uuid[])) p) AS pending,
  (SELECT coalesce(json_agg(b), '[]') FROM (
     SELECT customer_id, currency, balance::text AS balance, unapplied_credit::text AS unapplied_credit, base_currency,
            balance_base::text AS balance_base, unapplied_credit_base::text AS unapplied_credit_base, invoice_count,
            open_invoice_count, updated_position
     FROM customer_balances WHERE customer_id = ANY($2::uuid[])) b) AS balances,
  (SELECT coalesce(json_agg(n), '[]') FROM (
     SELECT credit_note_id, number, invoice_id, order_id, updated_position
     FROM credit_notes WHERE credit_note_id = ANY($3::uuid[])) n) AS credit_notes,
  (SELECT coalesce(json_agg(q), '[]') FROM (
     SELECT credit_note_id, invoice_id, order_id, number, year, numbered_position
     FROM pending_credit_note_numbers WHERE credit_note_id = ANY($3::uuid[])) q) AS pending_credit_notes`;

interface Loaded {
  items: LoadedItem[];
  pending: LoadedPending[];
  balances: LoadedBalance[];
  credit_notes: LoadedCreditNote[];
  pending_credit_notes: LoadedPendingCreditNoteNumber[];
}

export async function loadReceivables(manager: EntityManager, keys: TouchedKeys): Promise<ReceivablesState> {
  const state: ReceivablesState = {
    items: new Map(),
    balances: new Map(),
    loadedCustomers: keys.customerIds,
    pending: new Map(),
    consumed: [],
    creditNotes: new Map(),
    pendingCreditNoteNumbers: new Map(),
    consumedCreditNoteNumbers: [],
    settlements: new Map(),
    payments: [],
  };
  const [loaded]: Loaded[] = await manager.query(LOAD_SQL, [[...keys.invoiceIds], [...keys.customerIds], [...keys.creditNoteIds]]);
  for (const r of loaded.items) state.items.set(r.invoice_id, itemFromRow(r));
  for (const r of loaded.pending) {
    state.pending.set(r.invoice_id, { invoiceId: r.invoice_id, orderId: r.order_id, number: r.number, year: r.year, numberedPosition: r.numbered_position, persisted: true });
  }
  for (const r of loaded.balances) state.balances.set(balanceKey(r.customer_id, r.currency), balanceFromRow(r));
  for (const r of loaded.credit_notes) {
    const note: StoredCreditNote = { creditNoteId: r.credit_note_id, number: r.number, invoiceId: r.invoice_id, orderId: r.order_id, updatedPosition: r.updated_position, persisted: true, dirty: false };
    state.creditNotes.set(r.credit_note_id, note);
  }
  for (const r of loaded.pending_credit_notes) {
    state.pendingCreditNoteNumbers.set(r.credit_note_id, {
      creditNoteId: r.credit_note_id,
      invoiceId: r.invoice_id,
      orderId: r.order_id,
      number: r.number,
      year: r.year,
      numberedPosition: r.numbered_position,
      persisted: true,
    });
  }
  return state;
}

const ITEM_KEY: Columns = [['invoice_id', 'uuid']];
/** Columns an event may change after the invoice was issued: its number now, payments and credit notes later. */
const ITEM_MUTABLE: Columns = [
  ['number', 'text'],
  ['paid', 'numeric'],
  ['credited', 'numeric'],
  ['outstanding', 'numeric'],
  ['paid_base', 'numeric'],
  ['credited_base', 'numeric'],
  ['outstanding_base', 'numeric'],
  ['status', 'text'],
  ['updated_position', 'text'],
];
/** Columns fixed by `InvoiceIssued`. */
const ITEM_ISSUED: Columns = [
  ['customer_id', 'uuid'],
  ['order_id', 'uuid'],
  ['currency', 'text'],
  ['invoice_date', 'date'],
  ['due_date', 'date'],
  ['gross', 'numeric'],
  ['base_currency', 'text'],
  ['exchange_rate', 'numeric'],
  ['gross_base', 'numeric'],
  ['issued_position', 'text'],
];

const BALANCE_KEY: Columns = [
  ['customer_id', 'uuid'],
  ['currency', 'text'],
];
const BALANCE_COLUMNS: Columns = [
  ['balance', 'numeric'],
  ['unapplied_credit', 'numeric'],
  ['base_currency', 'text'],
  ['balance_base', 'numeric'],
  ['unapplied_credit_base', 'numeric'],
  ['invoice_count', 'integer'],
  ['open_invoice_count', 'integer'],
  ['updated_position', 'text'],
];

const SETTLEMENT_COLUMNS: Columns = [
  ['source_id', 'uuid'],
  ['source_type', 'text'],
  ['invoice_id', 'uuid'],
  ['amount', 'numeric'],
  ['currency', 'text'],
  ['base_amount', 'numeric'],
  ['base_currency', 'text'],
  ['settled_on', 'date'],
  ['position', 'text'],
];

const PAYMENT_COLUMNS: Columns = [
  ['payment_id', 'uuid'],
  ['customer_id', 'uuid'],
  ['amount', 'numeric'],
  ['currency', 'text'],
  ['received_on', 'date'],
  ['exchange_rate', 'numeric'],
  ['base_currency', 'text'],
  ['base_amount', 'numeric'],
  ['allocated', 'numeric'],
  ['unallocated', 'numeric'],
  ['allocated_base', 'numeric'],
  ['unallocated_base', 'numeric'],
  ['exchange_difference', 'numeric'],
  ['position', 'text'],
];

const CREDIT_NOTE_KEY: Columns = [['credit_note_id', 'uuid']];
/** Columns a later event may change: the number (CreditNoteNumbered after CreditNotePosted). */
const CREDIT_NOTE_MUTABLE: Columns = [
  ['number', 'text'],
  ['updated_position', 'text'],
];
const CREDIT_NOTE_POSTED: Columns = [
  ['invoice_id', 'uuid'],
  ['order_id', 'uuid'],
  ['customer_id', 'uuid'],
  ['currency', 'text'],
  ['credit_date', 'date'],
  ['exchange_rate', 'numeric'],
  ['base_currency', 'text'],
  ['net', 'numeric'],
  ['tax', 'numeric'],
  ['gross', 'numeric'],
  ['applied', 'numeric'],
  ['to_credit', 'numeric'],
  ['net_base', 'numeric'],
  ['tax_base', 'numeric'],
  ['gross_base', 'numeric'],
  ['applied_base', 'numeric'],
  ['to_credit_base', 'numeric'],
  ['exchange_difference', 'numeric'],
  ['position', 'text'],
];

const PENDING_CREDIT_NOTE_KEY: Columns = [['credit_note_id', 'uuid']];
const PENDING_CREDIT_NOTE_COLUMNS: Columns = [
  ['invoice_id', 'uuid'],
  ['order_id', 'uuid'],
  ['number', 'text'],
  ['year', 'integer'],
  ['numbered_position', 'text'],
];

const PENDING_KEY: Columns = [['invoice_id', 'uuid']];
const PENDING_COLUMNS: Columns = [
  ['order_id', 'uuid'],
  ['number', 'text'],
  ['year', 'integer'],
  ['numbered_position', 'text'],
];

/**
 * Everything the batch changed in one statement (bulk-sql.ts). Its parts touch disjoint rows, as one
 * statement's parts must: an item or credit note is either new (inserted) or stored (updated); a pending
 * number is either parked by this batch (inserted) or stored and taken by its document (deleted), never
 * both; settlements and payments are only ever inserted.
 */
export async function saveReceivables(manager: EntityManager, state: ReceivablesState): Promise<void> {
  const inserted: Row[] = [];
  const updated: Row[] = [];
  for (const item of state.items.values()) {
    if (!item.dirty) continue;
    if (item.persisted) updated.push({ invoice_id: item.invoiceId, ...mutableRow(item) });
    else inserted.push({ invoice_id: item.invoiceId, ...issuedRow(item), ...mutableRow(item) });
  }
  const notesInserted: Row[] = [];
  const notesUpdated: Row[] = [];
  for (const note of state.creditNotes.values()) {
    if (!note.dirty) continue;
    const mutable = { credit_note_id: note.creditNoteId, number: note.number, updated_position: note.updatedPosition };
    if (note.persisted) notesUpdated.push(mutable);
    else notesInserted.push({ ...mutable, ...creditNoteRow(note) });
  }
  const balances = [...state.balances.values()].filter((b) => b.dirty).map(balanceRow);
  const parked = [...state.pending.values()].filter((p) => !p.persisted).map(pendingRow);
  const consumed = state.consumed.map((p) => ({ invoice_id: p.invoiceId }));
  const parkedNotes = [...state.pendingCreditNoteNumbers.values()].filter((p) => !p.persisted).map(pendingCreditNoteRow);
  const consumedNotes = state.consumedCreditNoteNumbers.map((p) => ({ credit_note_id: p.creditNoteId }));
  await new BulkWrite()
    .insert('open_items', [...ITEM_KEY, ...ITEM_ISSUED, ...ITEM_MUTABLE], inserted)
    .update('open_items', ITEM_KEY, ITEM_MUTABLE, updated)
    .upsert('customer_balances', BALANCE_KEY, BALANCE_COLUMNS, balances)
    .insert('pending_invoice_numbers', [...PENDING_KEY, ...PENDING_COLUMNS], parked)
    .delete('pending_invoice_numbers', PENDING_KEY, consumed)
    .insert('settlements', SETTLEMENT_COLUMNS, [...state.settlements.values()].map(settlementRow))
    .insert('payments', PAYMENT_COLUMNS, state.payments.map(paymentRow))
    .insert('credit_notes', [...CREDIT_NOTE_KEY, ...CREDIT_NOTE_MUTABLE, ...CREDIT_NOTE_POSTED], notesInserted)
    .update('credit_notes', CREDIT_NOTE_KEY, CREDIT_NOTE_MUTABLE, notesUpdated)
    .insert('pending_credit_note_numbers', [...PENDING_CREDIT_NOTE_KEY, ...PENDING_CREDIT_NOTE_COLUMNS], parkedNotes)
    .delete('pending_credit_note_numbers', PENDING_CREDIT_NOTE_KEY, consumedNotes)
    .execute(manager);
}

const mutableRow = (i: OpenItem): Row => ({
  number: i.number,
  paid: fromMinor(i.paid, i.currency),
  credited: fromMinor(i.credited, i.currency),
  outstanding: fromMinor(i.outstanding, i.currency),
  paid_base: fromMinor(i.paidBase, i.baseCurrency),
  credited_base: fromMinor(i.creditedBase, i.baseCurrency),
  outstanding_base: fromMinor(i.outstandingBase, i.baseCurrency),
  status: i.status,
  updated_position: i.updatedPosition,
});

const issuedRow = (i: OpenItem): Row => ({
  customer_id: i.customerId,
  order_id: i.orderId,
  currency: i.currency,
  invoice_date: i.invoiceDate,
  due_date: i.dueDate,
  gross: fromMinor(i.gross, i.currency),
  base_currency: i.baseCurrency,
  exchange_rate: i.exchangeRate,
  gross_base: fromMinor(i.grossBase, i.baseCurrency),
  issued_position: i.issuedPosition,
});

const balanceRow = (b: CustomerBalance): Row => ({
  customer_id: b.customerId,
  currency: b.currency,
  balance: fromMinor(b.balance, b.currency),
  unapplied_credit: fromMinor(b.unappliedCredit, b.currency),
  base_currency: b.baseCurrency,
  balance_base: fromMinor(b.balanceBase, b.baseCurrency),
  unapplied_credit_base: fromMinor(b.unappliedCreditBase, b.baseCurrency),
  invoice_count: b.invoiceCount,
  open_invoice_count: b.openInvoiceCount,
  updated_position: b.updatedPosition,
});

const pendingRow = (p: PendingNumber): Row => ({
  invoice_id: p.invoiceId,
  order_id: p.orderId,
  number: p.number,
  year: p.year,
  numbered_position: p.numberedPosition,
});

const pendingCreditNoteRow = (p: PendingCreditNoteNumber): Row => ({
  credit_note_id: p.creditNoteId,
  invoice_id: p.invoiceId,
  order_id: p.orderId,
  number: p.number,
  year: p.year,
  numbered_position: p.numberedPosition,
});

const settlementRow = (s: Settlement): Row => ({
  source_id: s.sourceId,
  source_type: s.sourceType,
  invoice_id: s.invoiceId,
  amount: fromMinor(s.amount, s.currency),
  currency: s.currency,
  base_amount: fromMinor(s.baseAmount, s.baseCurrency),
  base_currency: s.baseCurrency,
  settled_on: s.settledOn,
  position: s.position,
});

const paymentRow = (p: Payment): Row => ({
  payment_id: p.paymentId,
  customer_id: p.customerId,
  amount: fromMinor(p.amount, p.currency),
  currency: p.currency,
  received_on: p.receivedOn,
  exchange_rate: p.exchangeRate,
  base_currency: p.baseCurrency,
  base_amount: fromMinor(p.baseAmount, p.baseCurrency),
  allocated: fromMinor(p.allocated, p.currency),
  unallocated: fromMinor(p.unallocated, p.currency),
  allocated_base: fromMinor(p.allocatedBase, p.baseCurrency),
  unallocated_base: fromMinor(p.unallocatedBase, p.baseCurrency),
  exchange_difference: fromMinor(p.exchangeDifference, p.baseCurrency),
  position: p.position,
});

/** The columns fixed by `CreditNotePosted`. */
function creditNoteRow(n: CreditNote): Row {
  const [doc, base] = [(v: bigint) => fromMinor(v, n.currency), (v: bigint) => fromMinor(v, n.baseCurrency)];
  return {
    invoice_id: n.invoiceId,
    order_id: n.orderId,
    customer_id: n.customerId,
    currency: n.currency,
    credit_date: n.creditDate,
    exchange_rate: n.exchangeRate,
    base_currency: n.baseCurrency,
    net: doc(n.net),
    tax: doc(n.tax),
    gross: doc(n.gross),
    applied: doc(n.applied),
    to_credit: doc(n.toCredit),
    net_base: base(n.netBase),
    tax_base: base(n.taxBase),
    gross_base: base(n.grossBase),
    applied_base: base(n.appliedBase),
    to_credit_base: base(n.toCreditBase),
    exchange_difference: base(n.exchangeDifference),
    position: n.position,
  };
}

const itemFromRow = (r: LoadedItem): OpenItem => ({
  invoiceId: r.invoice_id,
  number: r.number,
  customerId: r.customer_id,
  orderId: r.order_id,
  currency: r.currency,
  invoiceDate: r.invoice_date,
  dueDate: r.due_date,
  gross: toMinor(r.gross, r.currency),
  paid: toMinor(r.paid, r.currency),
  credited: toMinor(r.credited, r.currency),
  outstanding: toMinor(r.outstanding, r.currency),
  baseCurrency: r.base_currency,
  exchangeRate: r.exchange_rate,
  grossBase: toMinor(r.gross_base, r.base_currency),
  paidBase: toMinor(r.paid_base, r.base_currency),
  creditedBase: toMinor(r.credited_base, r.base_currency),
  outstandingBase: toMinor(r.outstanding_base, r.base_currency),
  status: r.status,
  issuedPosition: r.issued_position,
  updatedPosition: r.updated_position,
  persisted: true,
  dirty: false,
});

const balanceFromRow = (r: LoadedBalance): CustomerBalance => ({
  customerId: r.customer_id,
  currency: r.currency,
  balance: toMinor(r.balance, r.currency),
  unappliedCredit: toMinor(r.unapplied_credit, r.currency),
  baseCurrency: r.base_currency,
  balanceBase: toMinor(r.balance_base, r.base_currency),
  unappliedCreditBase: toMinor(r.unapplied_credit_base, r.base_currency),
  invoiceCount: r.invoice_count,
  openInvoiceCount: r.open_invoice_count,
  updatedPosition: r.updated_position,
  dirty: false,
});
