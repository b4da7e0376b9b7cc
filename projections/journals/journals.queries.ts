import type { DataSource, EntityManager } from 'typeorm';
import type { Money } from '../../libs/domain/shared/money';
import { AccountCode, CHART_OF_ACCOUNTS } from './chart-of-accounts';
import type { JournalSourceType } from './journal-state';
import { isCalendarDate } from '../../libs/domain/shared/calendar';
import { fromMinor, toMinor } from '../shared/fixed-point';
import { InvalidCursorError, Where, decodeKeys, keysetPage } from '../shared/keyset-cursor';

/**
 * Reads of the journals read model in api.md's shapes. `source` is a DataSource or EntityManager of the live
 * generation (search_path pinned to its schema). Money is a decimal string in the minor digits of the
 * entry's currency ("120.00"); the side a line does not use reads "0.00". Dates are YYYY-MM-DD.
 */
export interface JournalEntryView {
  entryId: string;
  date: string;
  sourceType: JournalSourceType;
  sourceId: string;
  orderId: string | null;
  currency: string;
  description: string;
  position: string;
  lines: { account: AccountCode; debit: Money; credit: Money }[];
}

export interface JournalFilter {
  /** First date, inclusive (YYYY-MM-DD). */
  from?: string;
  /** Last date, inclusive. */
  to?: string;
  /** Entries with at least one line on this account (all their lines are returned). */
  account?: string;
  /** Entries of this document: receipt, shipment (its shipment and its returns) or invoice id. */
  sourceId?: string;
  currency?: string;
  /** At most this many entries (default 1000). */
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
}

/** A page of entries, and the cursor of the next one (null on the last). */
export interface JournalPage {
  entries: JournalEntryView[];
  next: string | null;
}

export const DEFAULT_JOURNAL_LIMIT = 1000;

type Source = Pick<DataSource | EntityManager, 'query'>;

/** Entries by date, then log order; each with its lines in posting order. */
export async function journalEntries(source: Source, filter: JournalFilter = {}): Promise<JournalEntryView[]> {
  return (await journalPage(source, filter)).entries;
}

/** The same, as a keyset page on (date, position, seq), with the cursor of the next page. */
export async function journalPage(source: Source, filter: JournalFilter = {}): Promise<JournalPage> {
  const query = new Where();
  const param = (value: unknown): string => query.param(value);
  if (filter.from !== undefined) query.add(`e.date >= ${param(filter.from)}::date`);
  if (filter.to !== undefined) query.add(`e.date <= ${param(filter.to)}::date`);
  if (filter.sourceId !== undefined) query.add(`e.source_id = ${param(filter.sourceId)}`);
  if (filter.currency !== undefined) query.add(`e.currency = ${param(filter.currency)}`);
  if (filter.account !== undefined) query.add(`EXISTS (SELECT 1 FROM journal_lines a WHERE a.account = ${param(filter.account)} AND a.entry_id = e.entry_id)`);
  if (filter.cursor !== undefined) {
    const [date, position, seq] = decodeKeys(filter.cursor, 3);
    if (!isCalendarDate(date) || !/^\d{1,9}$/.test(seq)) throw new InvalidCursorError();
    query.add(`(e.date, e.position, e.seq) > (${param(date)}::date, ${param(position)}, ${param(Number(seq))}::int)`);
  }
  const size = filter.limit ?? DEFAULT_JOURNAL_LIMIT;
  const limit = param(size + 1);
  // The page of entries first, then their lines: the limit counts entries, not lines.
  const rows: EntryRow[] = await source.query(
    `SELECT e.entry_id, e.date::text AS date, e.source_type, e.source_id, e.order_id, e.currency, e.description, e.position, e.seq,
            json_agg(json_build_object('account', l.account, 'debit', l.debit::text, 'credit', l.credit::text) ORDER BY l.line_no) AS lines
     FROM (SELECT * FROM journal_entries e ${query.clause()}
           ORDER BY e.date, e.position, e.seq LIMIT ${limit}) e
     JOIN journal_lines l USING (entry_id)
     GROUP BY e.entry_id, e.date, e.source_type, e.source_id, e.order_id, e.currency, e.description, e.position, e.seq
     ORDER BY e.date, e.position, e.seq`,
    query.params,
  );
  const { items, next } = keysetPage(
    rows,
    size,
    (r) => ({
    entryId: r.entry_id,
    date: r.date,
    sourceType: r.source_type,
    sourceId: r.source_id,
    orderId: r.order_id,
    currency: r.currency,
    description: r.description,
    position: r.position,
      lines: r.lines.map((l) => ({ account: l.account, debit: money(l.debit, r.currency), credit: money(l.credit, r.currency) })),
    }),
    (r) => [r.date, r.position, String(r.seq)],
  );
  return { entries: items, next };
}

export interface TrialBalanceView {
  /** null: every entry so far. */
  asOf: string | null;
  currency: string;
  /** Every account of the chart, in code order, those without postings at zero. */
  accounts: { code: AccountCode; name: string; debit: Money; credit: Money; balance: Money }[];
  totals: { debit: Money; credit: Money };
}

/**
 * Σ debit and Σ credit per account over the entries in `currency` dated on or before `asOf`; balance =
 * debit − credit (so liabilities and income read negative). Every entry balances, so the totals do.
 * One currency per report: until exchange rates exist each entry stays in its document's currency.
 */
export async function trialBalance(source: Source, options: { asOf?: string; currency: string }): Promise<TrialBalanceView> {
  const { currency, asOf } = options;
  const rows: { account: string; debit: string; credit: string }[] = await source.query(
    `SELECT l.account, sum(l.debit)::text AS debit, sum(l.credit)::text AS credit
     FROM journal_lines l JOIN journal_entries e USING (entry_id)
     WHERE e.currency = $1 AND ($2::date IS NULL OR e.date <= $2::date)
     GROUP BY l.account`,
    [currency, asOf ?? null],
  );
  const sums = new Map(rows.map((r) => [r.account, { debit: toMinor(r.debit, currency), credit: toMinor(r.credit, currency) }]));
  for (const code of sums.keys()) {
    if (!CHART_OF_ACCOUNTS.some((a) => a.code === code)) throw new Error(`Account ${code} has postings but is not in the chart of accounts`);
  }
  let debits = 0n;
  let credits = 0n;
  const accounts = CHART_OF_ACCOUNTS.map(({ code, name }) => {
    const { debit, credit } = sums.get(code) ?? { debit: 0n, credit: 0n };
    debits += debit;
    credits += credit;
    return { code, name, debit: fromMinor(debit, currency), credit: fromMinor(credit, currency), balance: fromMinor(debit - credit, currency) };
  });
  return { asOf: asOf ?? null, currency, accounts, totals: { debit: fromMinor(debits, currency), credit: fromMinor(credits, currency) } };
}

interface EntryRow {
  entry_id: string;
  date: string;
  source_type: JournalSourceType;
  source_id: string;
  order_id: string | null;
  currency: string;
  description: string;
  position: string;
  seq: number;
  lines: { account: AccountCode; debit: string; credit: string }[];
}

/** A stored amount in exactly the currency's digits (numeric keeps what was written; this only guards). */
const money = (text: string, currency: string): Money => fromMinor(toMinor(text, currency), currency);
