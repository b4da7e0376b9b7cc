import type { DataSource, EntityManager } from 'typeorm';
import { isCalendarDate } from '../../libs/domain/shared/calendar';
import type { Money } from '../../libs/domain/shared/money';
import { isUuid } from '../orders/list-cursor';
import { InvalidCursorError, Where, decodeKeys, keysetPage, pageSize } from '../shared/keyset-cursor';

/**
 * The lists of invoices, credit notes and payments (api.md part two "Lists and search") over the
 * receivables tables: newest first by document date, then id, in keyset pages. `source` is the live
 * generation's DataSource or an EntityManager of it.
 */
export type BillingSource = DataSource | EntityManager;

export const INVOICE_LIST_STATUSES = ['open', 'partially_paid', 'paid', 'written_off'] as const;
export type InvoiceListStatus = (typeof INVOICE_LIST_STATUSES)[number];

interface Paging {
  limit?: number;
  cursor?: string;
}

/** Document dates, inclusive (ISO calendar dates). */
interface Dated {
  customerId?: string;
  from?: string;
  to?: string;
}

export interface ListInvoicesOptions extends Dated, Paging {
  status?: InvoiceListStatus;
  /** true: unpaid and past the due date as of `today`; false: not so. */
  overdue?: boolean;
  /** The invoice number, whole (`INV-2026-000123`). */
  number?: string;
  /** The day overdue is judged on (UTC calendar date). */
  today: string;
}

export interface InvoiceListItem {
  id: string;
  number: string | null;
  orderId: string;
  customerId: string;
  currency: string;
  invoiceDate: string;
  dueDate: string;
  gross: Money;
  paid: Money;
  credited: Money;
  outstanding: Money;
  status: string;
  overdue: boolean;
  daysOverdue: number;
}

export async function listInvoices(source: BillingSource, options: ListInvoicesOptions): Promise<{ invoices: InvoiceListItem[]; next: string | null }> {
  const limit = pageSize(options.limit);
  const query = new Where();
  const today = query.param(options.today);
  dated(query, options, 'invoice_date', 'invoice_id');
  if (options.status !== undefined) query.add(`t.status = ${query.param(options.status)}`);
  if (options.number !== undefined) query.add(`t.number = ${query.param(options.number)}`);
  if (options.overdue === true) query.add(`t.outstanding > 0 AND t.due_date < ${today}::date`);
  if (options.overdue === false) query.add(`NOT (t.outstanding > 0 AND t.due_date < ${today}::date)`);
  const rows: {
    invoice_id: string;
    number: string | null;
    order_id: string;
    customer_id: string;
    currency: string;
    invoice_date: string;
    due_date: string;
    gross: string;
    paid: string;
    credited: string;
    outstanding: string;
    status: string;
    days_overdue: number;
  }[] = await source.query(
    `SELECT invoice_id, number, order_id, customer_id, currency, invoice_date::text AS invoice_date, due_date::text AS due_date, gross::text AS gross,
            paid::text AS paid, credited::text AS credited, outstanding::text AS outstanding, status,
            CASE WHEN outstanding > 0 AND due_date < ${today}::date THEN ${today}::date - due_date ELSE 0 END AS days_overdue
     FROM open_items t ${query.clause()} ORDER BY t.invoice_date DESC, t.invoice_id DESC LIMIT ${query.param(limit + 1)}`,
    query.params,
  );
  const { items, next } = keysetPage(
    rows,
    limit,
    (r) => ({
      id: r.invoice_id,
      number: r.number,
      orderId: r.order_id,
      customerId: r.customer_id,
      currency: r.currency,
      invoiceDate: r.invoice_date,
      dueDate: r.due_date,
      gross: r.gross,
      paid: r.paid,
      credited: r.credited,
      outstanding: r.outstanding,
      status: r.status,
      overdue: r.days_overdue > 0,
      daysOverdue: r.days_overdue,
    }),
    (r) => [r.invoice_date, r.invoice_id],
  );
  return { invoices: items, next };
}

export interface CreditNoteListItem {
  id: string;
  number: string | null;
  invoiceId: string;
  orderId: string;
  customerId: string;
  currency: string;
  creditDate: string;
  totals: { net: Money; tax: Money; gross: Money };
  applied: Money;
  toCredit: Money;
}

export async function listCreditNotes(source: BillingSource, options: Dated & Paging = {}): Promise<{ creditNotes: CreditNoteListItem[]; next: string | null }> {
  const limit = pageSize(options.limit);
  const query = new Where();
  dated(query, options, 'credit_date', 'credit_note_id');
  const rows: {
    credit_note_id: string;
    number: string | null;
    invoice_id: string;
    order_id: string;
    customer_id: string;
    currency: string;
    credit_date: string;
    net: string;
    tax: string;
    gross: string;
    applied: string;
    to_credit: string;
  }[] = await source.query(
    `SELECT credit_note_id, number, invoice_id, order_id, customer_id, currency, credit_date::text AS credit_date, net::text AS net, tax::text AS tax,
            gross::text AS gross, applied::text AS applied, to_credit::text AS to_credit
     FROM credit_notes t ${query.clause()} ORDER BY t.credit_date DESC, t.credit_note_id DESC LIMIT ${query.param(limit + 1)}`,
    query.params,
  );
  const { items, next } = keysetPage(
    rows,
    limit,
    (r) => ({
      id: r.credit_note_id,
      number: r.number,
      invoiceId: r.invoice_id,
      orderId: r.order_id,
      customerId: r.customer_id,
      currency: r.currency,
      creditDate: r.credit_date,
      totals: { net: r.net, tax: r.tax, gross: r.gross },
      applied: r.applied,
      toCredit: r.to_credit,
    }),
    (r) => [r.credit_date, r.credit_note_id],
  );
  return { creditNotes: items, next };
}

export interface PaymentListItem {
  id: string;
  customerId: string;
  amount: Money;
  currency: string;
  receivedOn: string;
  exchangeRate: string;
  allocated: Money;
  unallocated: Money;
}

export async function listPayments(source: BillingSource, options: Dated & Paging = {}): Promise<{ payments: PaymentListItem[]; next: string | null }> {
  const limit = pageSize(options.limit);
  const query = new Where();
  dated(query, options, 'received_on', 'payment_id');
  const rows: { payment_id: string; customer_id: string; amount: string; currency: string; received_on: string; exchange_rate: string; allocated: string; unallocated: string }[] =
    await source.query(
      `SELECT payment_id, customer_id, amount::text AS amount, currency, received_on::text AS received_on, exchange_rate::text AS exchange_rate,
              allocated::text AS allocated, unallocated::text AS unallocated
       FROM payments t ${query.clause()} ORDER BY t.received_on DESC, t.payment_id DESC LIMIT ${query.param(limit + 1)}`,
      query.params,
    );
  const { items, next } = keysetPage(
    rows,
    limit,
    (r) => ({
      id: r.payment_id,
      customerId: r.customer_id,
      amount: r.amount,
      currency: r.currency,
      receivedOn: r.received_on,
      exchangeRate: r.exchange_rate,
      allocated: r.allocated,
      unallocated: r.unallocated,
    }),
    (r) => [r.received_on, r.payment_id],
  );
  return { payments: items, next };
}


/**
 * The customer and date-range filters and the keyset condition every billing list shares. Columns are
 * named through the table's alias `t`: the SELECT lists dates as text under their own names, and an
 * unqualified name in ORDER BY or WHERE would be that text, which no index orders.
 */
function dated(query: Where, options: Dated & Paging, dateColumn: string, idColumn: string): void {
  if (options.customerId !== undefined) query.add(`t.customer_id = ${query.param(options.customerId)}::uuid`);
  if (options.from !== undefined) query.add(`t.${dateColumn} >= ${query.param(options.from)}::date`);
  if (options.to !== undefined) query.add(`t.${dateColumn} <= ${query.param(options.to)}::date`);
  if (options.cursor !== undefined) {
    const [date, id] = decodeKeys(options.cursor, 2);
    if (!isCalendarDate(date) || !isUuid(id)) throw new InvalidCursorError();
    query.add(`(t.${dateColumn}, t.${idColumn}) < (${query.param(date)}::date, ${query.param(id)}::uuid)`);
  }
}
