import type { EntityManager } from 'typeorm';
import { BulkWrite, Columns, Row } from '../orders/bulk-sql';
import { fromMinor, toMinor } from '../orders/minor-units';
import type { OpenItemStatus } from './open-item.entity';
import type { TouchedKeys } from './receivables-events';
import { CustomerBalance, OpenItem, PendingNumber, ReceivablesState, balanceKey } from './receivables-state';

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
  status: OpenItemStatus;
  issued_position: string;
  updated_position: string;
}

interface LoadedBalance {
  customer_id: string;
  currency: string;
  balance: string;
  unapplied_credit: string;
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

// to_char, not ::text: a date's text form follows the session's DateStyle.
const LOAD_SQL = `SELECT
  (SELECT coalesce(json_agg(i), '[]') FROM (
     SELECT invoice_id, number, customer_id, order_id, currency, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
            to_char(due_date, 'YYYY-MM-DD') AS due_date, gross::text AS gross, paid::text AS paid, credited::text AS credited,
            outstanding::text AS outstanding, status, issued_position, updated_position
     FROM open_items WHERE invoice_id = ANY($1::uuid[])) i) AS items,
  (SELECT coalesce(json_agg(p), '[]') FROM (
     SELECT invoice_id, order_id, number, year, numbered_position
     FROM pending_invoice_numbers WHERE invoice_id = ANY($1::uuid[])) p) AS pending,
  (SELECT coalesce(json_agg(b), '[]') FROM (
     SELECT customer_id, currency, balance::text AS balance, unapplied_credit::text AS unapplied_credit, invoice_count,
            open_invoice_count, updated_position
     FROM customer_balances WHERE customer_id = ANY($2::uuid[])) b) AS balances`;

export async function loadReceivables(manager: EntityManager, keys: TouchedKeys): Promise<ReceivablesState> {
  const state: ReceivablesState = { items: new Map(), balances: new Map(), loadedCustomers: keys.customerIds, pending: new Map(), consumed: [] };
  const [loaded]: { items: LoadedItem[]; pending: LoadedPending[]; balances: LoadedBalance[] }[] = await manager.query(LOAD_SQL, [
    [...keys.invoiceIds],
    [...keys.customerIds],
  ]);
  for (const r of loaded.items) state.items.set(r.invoice_id, itemFromRow(r));
  for (const r of loaded.pending) {
    state.pending.set(r.invoice_id, { invoiceId: r.invoice_id, orderId: r.order_id, number: r.number, year: r.year, numberedPosition: r.numbered_position, persisted: true });
  }
  for (const r of loaded.balances) state.balances.set(balanceKey(r.customer_id, r.currency), balanceFromRow(r));
  return state;
}

const ITEM_KEY: Columns = [['invoice_id', 'uuid']];
/** Columns an event may change after the invoice was issued: its number now, payments and credit notes later. */
const ITEM_MUTABLE: Columns = [
  ['number', 'text'],
  ['paid', 'numeric'],
  ['credited', 'numeric'],
  ['outstanding', 'numeric'],
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
  ['issued_position', 'text'],
];

const BALANCE_KEY: Columns = [
  ['customer_id', 'uuid'],
  ['currency', 'text'],
];
const BALANCE_COLUMNS: Columns = [
  ['balance', 'numeric'],
  ['unapplied_credit', 'numeric'],
  ['invoice_count', 'integer'],
  ['open_invoice_count', 'integer'],
  ['updated_position', 'text'],
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
 * statement's parts must: an item is either new (inserted) or stored (updated); a pending number is
 * either parked by this batch (inserted) or stored and taken by its invoice (deleted), never both.
 */
export async function saveReceivables(manager: EntityManager, state: ReceivablesState): Promise<void> {
  const inserted: Row[] = [];
  const updated: Row[] = [];
  for (const item of state.items.values()) {
    if (!item.dirty) continue;
    if (item.persisted) updated.push({ invoice_id: item.invoiceId, ...mutableRow(item) });
    else inserted.push({ invoice_id: item.invoiceId, ...issuedRow(item), ...mutableRow(item) });
  }
  const balances = [...state.balances.values()].filter((b) => b.dirty).map(balanceRow);
  const parked = [...state.pending.values()].filter((p) => !p.persisted).map(pendingRow);
  const consumed = state.consumed.map((p) => ({ invoice_id: p.invoiceId }));
  await new BulkWrite()
    .insert('open_items', [...ITEM_KEY, ...ITEM_ISSUED, ...ITEM_MUTABLE], inserted)
    .update('open_items', ITEM_KEY, ITEM_MUTABLE, updated)
    .upsert('customer_balances', BALANCE_KEY, BALANCE_COLUMNS, balances)
    .insert('pending_invoice_numbers', [...PENDING_KEY, ...PENDING_COLUMNS], parked)
    .delete('pending_invoice_numbers', PENDING_KEY, consumed)
    .execute(manager);
}

const mutableRow = (i: OpenItem): Row => ({
  number: i.number,
  paid: fromMinor(i.paid, i.currency),
  credited: fromMinor(i.credited, i.currency),
  outstanding: fromMinor(i.outstanding, i.currency),
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
  issued_position: i.issuedPosition,
});

const balanceRow = (b: CustomerBalance): Row => ({
  customer_id: b.customerId,
  currency: b.currency,
  balance: fromMinor(b.balance, b.currency),
  unapplied_credit: fromMinor(b.unappliedCredit, b.currency),
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
  invoiceCount: r.invoice_count,
  openInvoiceCount: r.open_invoice_count,
  updatedPosition: r.updated_position,
  dirty: false,
});
