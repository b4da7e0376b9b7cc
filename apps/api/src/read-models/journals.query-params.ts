import { isAccountCode } from '@ledgerline/projections/journals/chart-of-accounts';
import type { JournalFilter } from '@ledgerline/projections/journals/journals.queries';
import { Problem } from '../http/problem';

/**
 * The query strings of the ledger endpoints, checked before anything is read: every problem is a 400
 * problem+json naming its field (api.md "Errors"), as the order list does.
 */
type Query = Record<string, unknown>;

export const MAX_JOURNAL_LIMIT = 10_000;

export function journalFilter(query: Query): JournalFilter & { after?: string } {
  const q = strings(query, ['from', 'to', 'account', 'sourceId', 'currency', 'limit', 'after']);
  if (q.from !== undefined && !isDate(q.from)) throw invalid('from', 'a date such as 2026-01-31');
  if (q.to !== undefined && !isDate(q.to)) throw invalid('to', 'a date such as 2026-01-31');
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw invalid('to', 'on or after from');
  if (q.account !== undefined && !isAccountCode(q.account)) throw invalid('account', 'an account code of the chart (1000, 1100, 1200, 2000, 2100, 2200, 4000, 5000, 7900)');
  if (q.sourceId !== undefined && (q.sourceId.length === 0 || q.sourceId.length > 200)) throw invalid('sourceId', 'a document id');
  if (q.currency !== undefined && !CURRENCY.test(q.currency)) throw invalid('currency', 'an ISO 4217 code such as EUR');
  if (q.limit !== undefined && !(/^[1-9]\d{0,4}$/.test(q.limit) && Number(q.limit) <= MAX_JOURNAL_LIMIT)) {
    throw invalid('limit', `a whole number from 1 to ${MAX_JOURNAL_LIMIT}`);
  }
  return { ...q, limit: q.limit === undefined ? undefined : Number(q.limit) };
}

export function trialBalanceParams(query: Query): { asOf?: string; currency?: string; after?: string } {
  const q = strings(query, ['asOf', 'currency', 'after']);
  if (q.asOf !== undefined && !isDate(q.asOf)) throw invalid('asOf', 'a date such as 2026-01-31');
  if (q.currency !== undefined && !CURRENCY.test(q.currency)) throw invalid('currency', 'an ISO 4217 code such as EUR');
  return q;
}

const CURRENCY = /^[A-Z]{3}$/;

/** Each known parameter at most once (a repeated one arrives as an array); no unknown ones. */
function strings<K extends string>(query: Query, known: readonly K[]): Partial<Record<K, string>> {
  const unknown = Object.keys(query).find((key) => !(known as readonly string[]).includes(key));
  if (unknown !== undefined) throw invalid(unknown, 'unknown parameter');
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw invalid(key, 'a single value');
  }
  return query as Partial<Record<K, string>>;
}

/** YYYY-MM-DD naming a real calendar day. */
function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

const invalid = (field: string, message: string) => new Problem(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
