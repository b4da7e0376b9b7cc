import { isCalendarDate } from '@ledgerline/domain/shared/calendar';
import { Problem } from './problem';

/**
 * Query strings, read strictly (api.md "Conventions"): every parameter is known, given once, and parsed
 * by its rule, or the answer is a 400 naming it. Each read route lists its parameters in one `readQuery`
 * call, so what a route accepts is written in one place.
 */
export type QueryRule<T> = (text: string, field: string) => T;
type Parsed<S> = { [K in keyof S]?: S[K] extends QueryRule<infer T> ? T : never };

export function readQuery<S extends Record<string, QueryRule<unknown>>>(query: Record<string, unknown>, rules: S): Parsed<S> {
  const parsed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(query)) {
    if (!Object.hasOwn(rules, field)) throw invalidQuery(field, 'unknown parameter');
    if (typeof value !== 'string') throw invalidQuery(field, 'give it once, as a single value');
    parsed[field] = rules[field](value, field);
  }
  return parsed as Parsed<S>;
}

export const invalidQuery = (field: string, message: string) => new Problem(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);

/** A log position as a command returned it; which store wrote it is checked where it is used (readAfter). */
export const position: QueryRule<string> = (text, field) => {
  if (text.length === 0 || text.length > 100) throw invalidQuery(field, 'a position returned by a command');
  return text;
};

/** An opaque cursor from a list's `next`; the list decodes it. */
export const cursor: QueryRule<string> = (text, field) => {
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(text)) throw invalidQuery(field, 'the `next` of the previous page');
  return text;
};

export const limit =
  (max: number): QueryRule<number> =>
  (text, field) => {
    if (!/^[1-9]\d{0,5}$/.test(text) || Number(text) > max) throw invalidQuery(field, `a whole number from 1 to ${max}`);
    return Number(text);
  };

export const calendarDate: QueryRule<string> = (text, field) => {
  if (!isCalendarDate(text)) throw invalidQuery(field, 'a calendar date such as 2026-11-23');
  return text;
};

const INSTANT = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date (its first instant, UTC) or a date-time with an offset: a local time names no instant. */
export const instant: QueryRule<Date> = (text, field) => {
  const match = INSTANT.exec(text);
  const time = match && isCalendarDate(match[1]) ? Date.parse(match[2] ? text : `${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time)) throw invalidQuery(field, 'an ISO 8601 instant such as 2026-11-23T10:00:00Z (or a date)');
  return new Date(time);
};

/** A stream version (0-based). */
export const version: QueryRule<number> = (text, field) => {
  if (!/^(0|[1-9]\d{0,8})$/.test(text)) throw invalidQuery(field, 'a whole number ≥ 0');
  return Number(text);
};

export const uuid: QueryRule<string> = (text, field) => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) throw invalidQuery(field, 'an id (UUID)');
  return text.toLowerCase();
};

export const oneOf =
  <T extends string>(values: readonly T[]): QueryRule<T> =>
  (text, field) => {
    if (!(values as readonly string[]).includes(text)) throw invalidQuery(field, `one of ${values.join(', ')}`);
    return text as T;
  };

export const matching =
  (pattern: RegExp, what: string): QueryRule<string> =>
  (text, field) => {
    if (!pattern.test(text)) throw invalidQuery(field, what);
    return text;
  };

export const booleanFlag: QueryRule<boolean> = (text, field) => {
  if (text !== 'true' && text !== 'false') throw invalidQuery(field, 'true or false');
  return text === 'true';
};

/** A search text: 1 to 100 characters after trimming. */
export const searchText: QueryRule<string> = (text, field) => {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw invalidQuery(field, 'a search text of 1 to 100 characters');
  return trimmed;
};
