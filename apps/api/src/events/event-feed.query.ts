import { Problem } from '../http/problem';

/** The feed's and the stream's query strings (api.md "Events for subscribers"), checked before anything is read. */
export interface FeedQuery {
  after?: string;
  types?: string[];
  streamPrefix?: string;
  limit: number;
}

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;

const TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
const PREFIX = /^[A-Za-z0-9_.:-]{1,200}$/;

export function feedQuery(query: Record<string, unknown>, allowed: readonly string[]): FeedQuery {
  const unknown = Object.keys(query).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalid(unknown, 'unknown parameter');
  for (const [key, value] of Object.entries(query)) if (typeof value !== 'string') throw invalid(key, 'a single value');
  const q = query as Record<string, string | undefined>;
  // types=A,B (comma-separated): one parameter, as api.md writes it.
  const types = q.types === undefined ? undefined : q.types.split(',').map((t) => t.trim());
  if (types !== undefined && (types.length === 0 || types.some((t) => !TYPE.test(t)))) throw invalid('types', 'event type names separated by commas, e.g. InvoiceIssued,PaymentReceived');
  if (q.streamPrefix !== undefined && !PREFIX.test(q.streamPrefix)) throw invalid('streamPrefix', 'the start of stream ids, e.g. order- or customerAccount-');
  if (q.limit !== undefined && !(/^[1-9]\d{0,3}$/.test(q.limit) && Number(q.limit) <= MAX_FEED_LIMIT)) throw invalid('limit', `a whole number from 1 to ${MAX_FEED_LIMIT}`);
  return {
    ...(q.after ? { after: q.after } : {}),
    ...(types ? { types } : {}),
    ...(q.streamPrefix ? { streamPrefix: q.streamPrefix } : {}),
    limit: q.limit === undefined ? DEFAULT_FEED_LIMIT : Number(q.limit),
  };
}

const invalid = (field: string, message: string) => new Problem(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
