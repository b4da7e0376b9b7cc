/**
 * The limits every value entering the system must respect, in one place (docs/adr/0009-input-bounds.md).
 * They are chosen so that everything the domain accepts is computed exactly and fits every read model:
 * quantities stay far below 2^53 thousandths even summed over a document's lines, money products stay
 * well inside the 64 significant digits of DecimalMath, and dates keep four-digit years for document
 * numbers (INV-2026-…) and due-date arithmetic.
 */

/** A quantity is > 0, at most 999,999,999.999, with at most 3 decimals (api.md "Conventions"). */
export const QUANTITY_DECIMALS = 3;
export const MAX_QUANTITY_MILLI = 999_999_999_999;
export const MAX_QUANTITY = MAX_QUANTITY_MILLI / 1000;

/** Money strings carry at most 13 integer digits (ten trillion less a cent) and at most 3 decimals. */
export const MONEY_INTEGER_DIGITS = 13;
export const MONEY_TEXT = /^\d{1,13}(\.\d{1,3})?$/;

/** Rates and discounts: decimal strings in [0, 1] with at most 6 decimals. */
export const RATE_TEXT = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

/** Exchange rates: positive, at most 9 integer digits and 10 decimals (more than any bank quotes). */
export const EXCHANGE_RATE_TEXT = /^\d{1,9}(\.\d{1,10})?$/;

/** Calendar dates and instants a document may carry. */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2999-12-31';

/** Lines of one document. */
export const MAX_LINES = 500;

/** Text fields, in UTF-16 code units after trimming. */
export const TEXT_LIMITS = {
  name: 200,
  reason: 500,
  reference: 100,
  email: 254,
  addressLine: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  phone: 40,
} as const;

/** Contacts one customer may have: a real account has a handful; the bound keeps the stream's state small. */
export const MAX_CONTACTS = 100;

/** How deep a JSON request body may nest: the deepest valid command body is 3 levels. */
export const MAX_JSON_DEPTH = 32;
