import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../orders/list-cursor';
import type { Money } from '../../libs/domain/shared/money';
import { fromMinor, sumMoney, toMinor } from '../shared/fixed-point';
import { AGING_BUCKETS, type AgingBucket, agingBucketConditions } from './aging-buckets';
import type { OpenItemStatus } from './open-item.entity';
import {
  AgingAmounts,
  AgingRowView,
  AgingTotalView,
  AgingView,
  CurrencyBalanceView,
  CustomerReceivablesView,
  OpenInvoiceView,
  money,
} from './receivables.views';

/**
 * Reads of the receivables read model. `source` is the live generation's DataSource (its search_path is
 * the schema) or an EntityManager of it. Dates in and out are ISO dates ('YYYY-MM-DD', UTC calendar days).
 * Each read is one statement, so it sees one snapshot: a balance always equals its open invoices even
 * while the projection commits batches.
 */
export type ReceivablesSource = Pick<DataSource | EntityManager, 'query'>;

interface ItemRow {
  invoice_id: string;
  number: string | null;
  order_id: string;
  currency: string;
  invoice_date: string;
  due_date: string;
  gross: string;
  paid: string;
  credited: string;
  outstanding: string;
  status: OpenItemStatus;
  days_overdue: number;
  base_currency: string;
  exchange_rate: string;
  gross_base: string;
  outstanding_base: string;
}

interface BalanceRow {
  currency: string;
  balance: string;
  unapplied_credit: string;
  invoice_count: number;
  open_invoice_count: number;
  base_currency: string;
  balance_base: string;
  unapplied_credit_base: string;
}

// Money as text inside the JSON: json_agg would otherwise write numeric as a JSON number (a float once parsed).
const CUSTOMER_SQL = `SELECT
  (SELECT coalesce(json_agg(b ORDER BY b.currency), '[]') FROM (
     SELECT currency, balance::text AS balance, unapplied_credit::text AS unapplied_credit, invoice_count, open_invoice_count,
            base_currency, balance_base::text AS balance_base, unapplied_credit_base::text AS unapplied_credit_base
     FROM customer_balances WHERE customer_id = $1::uuid) b) AS balances,
  (SELECT coalesce(json_agg(i ORDER BY i.due_date, i.invoice_date, i.number NULLS LAST, i.invoice_id), '[]') FROM (
     SELECT invoice_id, number, order_id, currency, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
            to_char(due_date, 'YYYY-MM-DD') AS due_date, gross::text AS gross, paid::text AS paid, credited::text AS credited,
            outstanding::text AS outstanding, status, greatest(0, $2::date - due_date) AS days_overdue,
            base_currency, exchange_rate::text AS exchange_rate, gross_base::text AS gross_base, outstanding_base::text AS outstanding_base
     FROM open_items WHERE customer_id = $1::uuid AND outstanding > 0) i) AS items`;

/**
 * A customer's receivables on `today`: balance and unapplied credit per currency (and in base), and its
 * open invoices (outstanding > 0) oldest due first with their days overdue. `mainCurrency` (the
 * customer's own currency, which the caller knows) picks the currency of `balance`; without it, the
 * currency with most invoices. `baseCurrency` (the ledger's, which the caller knows) picks the currency
 * of `balanceBase`/`unappliedCreditBase`; without it, the one most of the customer's rows are kept in.
 * null when the customer has no row (never invoiced, paid or credited): whether it exists at all is the
 * caller's question.
 */
export async function customerReceivables(
  source: ReceivablesSource,
  customerId: string,
  today: string,
  mainCurrency?: string,
  baseCurrency?: string,
): Promise<CustomerReceivablesView | null> {
  if (!isUuid(customerId)) return null;
  const [row]: { balances: BalanceRow[]; items: ItemRow[] }[] = await source.query(CUSTOMER_SQL, [customerId, today]);
  if (row.balances.length === 0) return null;
  const balances: CurrencyBalanceView[] = row.balances.map((b) => ({
    currency: b.currency,
    balance: money(b.balance, b.currency),
    unappliedCredit: money(b.unapplied_credit, b.currency),
    invoiceCount: b.invoice_count,
    openInvoiceCount: b.open_invoice_count,
    baseCurrency: b.base_currency,
    balanceBase: money(b.balance_base, b.base_currency),
    unappliedCreditBase: money(b.unapplied_credit_base, b.base_currency),
  }));
  const currency = mainCurrency ?? [...balances].sort((a, b) => b.invoiceCount - a.invoiceCount)[0].currency;
  // A main currency the customer was never invoiced in owes nothing in it.
  const main = balances.find((b) => b.currency === currency) ?? { balance: fromMinor(0n, currency), unappliedCredit: fromMinor(0n, currency) };
  const base = baseCurrency ?? mostCommon(balances.map((b) => b.baseCurrency));
  const inBase = balances.filter((b) => b.baseCurrency === base);
  return {
    customerId,
    currency,
    balance: main.balance,
    unappliedCredit: main.unappliedCredit,
    baseCurrency: base,
    balanceBase: sumMoney(inBase.map((b) => b.balanceBase), base),
    unappliedCreditBase: sumMoney(inBase.map((b) => b.unappliedCreditBase), base),
    openInvoices: row.items.map(openInvoiceOf),
    balances,
  };
}

/** The value most entries have; the first in order among equals. */
function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

const openInvoiceOf = (r: ItemRow): OpenInvoiceView => ({
  invoiceId: r.invoice_id,
  number: r.number,
  orderId: r.order_id,
  currency: r.currency,
  invoiceDate: r.invoice_date,
  dueDate: r.due_date,
  gross: money(r.gross, r.currency),
  paid: money(r.paid, r.currency),
  credited: money(r.credited, r.currency),
  outstanding: money(r.outstanding, r.currency),
  status: r.status,
  daysOverdue: r.days_overdue,
  baseCurrency: r.base_currency,
  exchangeRate: r.exchange_rate,
  grossBase: money(r.gross_base, r.base_currency),
  outstandingBase: money(r.outstanding_base, r.base_currency),
});

const OPEN_BASE_SQL = `SELECT coalesce(sum(outstanding_base), 0)::text AS total
  FROM open_items WHERE customer_id = $1::uuid AND base_currency = $2 AND outstanding_base > 0`;

/**
 * What the customer owes on its invoices, in the base currency as the ledger carries it: Σ
 * `outstanding_base` of its open items kept in `baseCurrency` (every invoice since exchange rates exist;
 * a foreign-currency invoice issued before them is kept in its own currency and cannot be added). Read
 * by the credit check at confirmation (domain.md "Sales orders"). Unapplied credit is not deducted.
 * One statement; "0.00" (in the base currency's digits) when nothing is open.
 */
export async function openReceivablesBase(source: ReceivablesSource, customerId: string, baseCurrency: string): Promise<Money> {
  if (!isUuid(customerId)) return fromMinor(0n, baseCurrency);
  const [row]: { total: string }[] = await source.query(OPEN_BASE_SQL, [customerId, baseCurrency]);
  return money(row.total, baseCurrency);
}

const BUCKETS = agingBucketConditions('days_past_due');

// What each invoice still owed at the end of `$1` (asOf): what it owes now, plus what was settled after
// asOf (payments, applied credit and credit notes, each on its own date: `settlements.settled_on`).
// Invoices owing nothing now and settled by then owe nothing then either, so only two sets are read: the
// invoices that owe now (an index-only scan of `open_items_owing`), and those settled in full after asOf
// (found from the few settlements dated after it). Each is joined once, however many buckets there are.
const AGING_SQL = `WITH late AS (
    SELECT s.invoice_id, sum(s.amount) AS amount FROM settlements s WHERE s.settled_on > $1::date GROUP BY s.invoice_id
  ), as_of AS (
    SELECT i.customer_id, i.currency, $1::date - i.due_date AS days_past_due, i.outstanding + coalesce(l.amount, 0) AS outstanding
    FROM open_items i LEFT JOIN late l ON l.invoice_id = i.invoice_id
    WHERE i.outstanding > 0 AND i.invoice_date <= $1::date
    UNION ALL
    SELECT i.customer_id, i.currency, $1::date - i.due_date, l.amount
    FROM late l JOIN open_items i ON i.invoice_id = l.invoice_id
    WHERE i.outstanding = 0 AND i.invoice_date <= $1::date
  )
  SELECT customer_id, currency, CASE ${BUCKETS.map(({ name, condition }) => `WHEN ${condition} THEN '${name}'`).join(' ')} END AS bucket, sum(outstanding)::text AS amount
  FROM as_of WHERE outstanding > 0
  GROUP BY customer_id, currency, bucket
  ORDER BY customer_id, currency`;

/** One bucket's sum for one customer and currency: one sum per row, not one per bucket (the cost of a numeric sum is per row it reads). */
type AgingBucketRow = { customer_id: string; currency: string; bucket: AgingBucket; amount: string };

/**
 * The aging report at the end of `asOf`: invoices dated on or before it, with what they still owed then,
 * in buckets of days past due (aging-buckets.ts); one row per customer and currency, totals per currency.
 */
export async function aging(source: ReceivablesSource, asOf: string): Promise<AgingView> {
  const found: AgingBucketRow[] = await source.query(AGING_SQL, [asOf]);
  const sums = new Map<string, { customerId: string; currency: string; minor: Map<string, bigint> }>();
  for (const r of found) {
    const key = `${r.customer_id}/${r.currency}`;
    let row = sums.get(key);
    if (!row) sums.set(key, (row = { customerId: r.customer_id, currency: r.currency, minor: new Map(AMOUNT_NAMES.map((name) => [name, 0n])) }));
    const amount = toMinor(r.amount, r.currency);
    row.minor.set(r.bucket, (row.minor.get(r.bucket) as bigint) + amount);
    row.minor.set('total', (row.minor.get('total') as bigint) + amount);
  }
  const rows: AgingRowView[] = [...sums.values()].map(({ customerId, currency, minor }) => ({
    customerId,
    currency,
    ...(Object.fromEntries(AMOUNT_NAMES.map((name) => [name, fromMinor(minor.get(name) as bigint, currency)])) as AgingAmounts),
  }));
  return { asOf, rows, totals: totalsOf(rows) };
}

const AMOUNT_NAMES = [...AGING_BUCKETS.map((b) => b.name), 'total'] as const;


/** Column sums per currency, exact in minor units. */
function totalsOf(rows: readonly AgingRowView[]): AgingTotalView[] {
  const sums = new Map<string, Map<string, bigint>>();
  for (const row of rows) {
    const sum = sums.get(row.currency) ?? new Map(AMOUNT_NAMES.map((name) => [name, 0n]));
    for (const name of AMOUNT_NAMES) sum.set(name, (sum.get(name) as bigint) + toMinor(row[name], row.currency));
    sums.set(row.currency, sum);
  }
  return [...sums.keys()].sort().map((currency) => {
    const sum = sums.get(currency) as Map<string, bigint>;
    return { currency, ...(Object.fromEntries(AMOUNT_NAMES.map((name) => [name, fromMinor(sum.get(name) as bigint, currency)])) as AgingAmounts) };
  });
}
