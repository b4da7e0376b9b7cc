import { isAccountCode } from '@ledgerline/projections/journals/chart-of-accounts';
import type { JournalFilter } from '@ledgerline/projections/journals/journals.queries';
import { calendarDate, cursor, invalidQuery, limit, matching, position, readQuery } from '../http/query-params';
import { dateRange } from './paged-read';

/**
 * The query strings of the ledger endpoints, checked before anything is read: every problem is a 400
 * problem+json naming its field (api.md "Errors"), as the order list does.
 */
type Query = Record<string, unknown>;

export const MAX_JOURNAL_LIMIT = 10_000;

const account = matching(/^\d{4}$/, 'an account code of the chart (1000, 1100, 1200, 2000, 2100, 2200, 4000, 5000, 7900)');
const currency = matching(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
const sourceId = matching(/^[\x21-\x7e]{1,200}$/, 'a document id');

export function journalFilter(query: Query): JournalFilter & { after?: string } {
  const q = readQuery(query, { from: calendarDate, to: calendarDate, account, sourceId, currency, limit: limit(MAX_JOURNAL_LIMIT), cursor, after: position });
  dateRange(q);
  if (q.account !== undefined && !isAccountCode(q.account)) throw invalidQuery('account', 'an account code of the chart (1000, 1100, 1200, 2000, 2100, 2200, 4000, 5000, 7900)');
  return q;
}

export function trialBalanceParams(query: Query): { asOf?: string; currency?: string; after?: string } {
  return readQuery(query, { asOf: calendarDate, currency, after: position });
}
