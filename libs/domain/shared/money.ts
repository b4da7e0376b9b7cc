import Decimal from 'decimal.js';
import { MONEY_INTEGER_DIGITS, MONEY_TEXT, RATE_TEXT } from './bounds';
import { InvalidInputError } from './domain-error';

/**
 * Money and rates as decimal strings, computed with decimal.js, never binary floats
 * (docs/adr/0003-money-representation.md). A `Money` string always carries exactly the currency's minor
 * digits ("1234.50").
 */
export type Money = string;
/** A decimal string such as "0.20". */
export type Rate = string;

/**
 * 64 significant digits: the largest product the bounds allow (a 13-digit price × a 12-digit quantity ×
 * a 10-decimal exchange rate) is exact, so each amount is rounded once, to its minor unit.
 */
const Dec = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });

/** ISO 4217 currencies whose minor unit is not 2 digits. */
const MINOR_DIGITS: Record<string, number> = {
  BHD: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0, KWD: 3, LYD: 3,
  OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

const DECIMAL = /^-?\d{1,15}(\.\d+)?$/;

export function isDecimalString(text: unknown): text is string {
  return typeof text === 'string' && DECIMAL.test(text);
}

/** True when `text` is a non-negative amount within the bounds, with at most the currency's minor digits. */
export function isMoneyIn(text: unknown, currency: string): boolean {
  if (typeof text !== 'string' || !MONEY_TEXT.test(text)) return false;
  const fraction = text.split('.')[1] ?? '';
  return fraction.length <= minorDigits(currency);
}

/** Half-up to the currency's minor unit, formatted with exactly that many digits. */
export function roundMoney(value: Decimal.Value, currency: string): Money {
  const digits = minorDigits(currency);
  return new Dec(value).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toFixed(digits);
}

/** Canonical form of an amount already valid for the currency ("12.5" → "12.50"). */
export function normalizeMoney(text: string, currency: string): Money {
  return roundMoney(text, currency);
}

export function addMoney(currency: string, ...amounts: Money[]): Money {
  return roundMoney(amounts.reduce((sum, a) => sum.plus(a), new Dec(0)), currency);
}

/** True when `text` is a decimal rate in [0, 1] with at most 6 decimals. */
export function isRate(text: unknown): text is Rate {
  return typeof text === 'string' && RATE_TEXT.test(text);
}

/** The command's rate, canonical, or the field's validation error. */
export function rateField(field: string, text: string): Rate {
  if (!isRate(text)) throw new InvalidInputError(field, `${field} must be a decimal string in [0, 1] with at most 6 decimals, such as "0.20"`);
  return normalizeRate(text);
}

/** Canonical text of a rate: no trailing zeros beyond two digits ("0.2" → "0.20", "0.125" stays). */
export function normalizeRate(text: string): Rate {
  const rate = new Dec(text);
  return rate.decimalPlaces() <= 2 ? rate.toFixed(2) : rate.toString();
}

export { Dec as DecimalMath };

/** Canonical money for a command field, or the field's validation error. */
export function moneyField(field: string, text: string, currency: string): Money {
  if (!isMoneyIn(text, currency)) {
    throw new InvalidInputError(
      field,
      `${field} must be a non-negative amount with at most ${MONEY_INTEGER_DIGITS} integer digits and ${minorDigits(currency)} decimals for ${currency}`,
    );
  }
  return normalizeMoney(text, currency);
}
