import { MAX_DATE, MIN_DATE } from './bounds';
import { InvalidInputError } from './domain-error';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A real calendar day (YYYY-MM-DD) within the dates a document may carry. Date.parse rolls 2026-02-30 over
 * into March, so a real day is one that formats back to itself.
 */
export function isCalendarDate(text: unknown): text is string {
  if (typeof text !== 'string' || !DATE.test(text) || text < MIN_DATE || text > MAX_DATE) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** The command's date, or the field's validation error. */
export function dateField(field: string, text: string): string {
  if (!isCalendarDate(text)) throw new InvalidInputError(field, `${field} must be a calendar date from ${MIN_DATE} to ${MAX_DATE}, such as 2026-11-23`);
  return text;
}

/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone moves a due date. */
export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
