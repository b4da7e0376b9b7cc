import { Money, minorDigits } from '../../libs/domain/shared/money';
import type { Quantity } from '../../libs/domain/shared/quantity';

/**
 * The projections' one codec for exact decimals as scaled bigints: a decimal string "12.345" at scale 3
 * is 12345n; money in the minor units of its currency, quantities in thousandths. Folds repeat these
 * sums for every event of a rebuild (tens of thousands per second), and decimal.js at 40 digits costs
 * about ten times as much per operation; integers are just as exact (ADR 0003 allows either), and
 * rounding is the same half-up (half away from zero) as roundMoney. decimal.js stays the tool for pricing
 * a line (lineAmounts).
 */

const POWERS = Array.from({ length: 40 }, (_, digits) => 10n ** BigInt(digits));
export const pow10 = (digits: number): bigint => POWERS[digits] ?? 10n ** BigInt(digits);

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/** The decimal string as an integer count of 10^-scale; extra fraction digits round half-up. */
export function parseScaled(text: string, scale: number): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not a decimal: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const negative = sign === '-';
  let units: bigint;
  if (fraction.length <= scale) units = BigInt(whole + fraction.padEnd(scale, '0'));
  else units = divideRounded(BigInt(whole + fraction), pow10(fraction.length - scale));
  return negative ? -units : units;
}

/** The fraction digits of a decimal string: its natural scale. */
export const scaleOf = (text: string): number => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** `units` / 10^scale as a decimal string with exactly `scale` decimals. */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** numerator / denominator rounded half away from zero (denominator ≠ 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) [numerator, denominator] = [-numerator, -denominator];
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

/** −x of a decimal string, in the same digits; zero stays unsigned. */
export function negateDecimal(text: string): string {
  if (text.startsWith('-')) return text.slice(1);
  return /^[0.]*$/.test(text) ? text : `-${text}`;
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A money string of an event or a row in minor units of `currency`. More digits than the currency has is
 * an error, never a silent rounding: the deciders round every amount they write.
 */
export function toMinor(amount: Money, currency: string): bigint {
  const digits = minorDigits(currency);
  const match = AMOUNT.exec(amount);
  const fraction = match?.[3] ?? '';
  if (!match) throw new Error(`${amount} is not an amount in ${currency}`);
  if (fraction.length > digits) throw new Error(`${amount} is not an amount in ${currency}: more digits than ${currency} allows`);
  const units = BigInt(match[2] + fraction.padEnd(digits, '0'));
  return match[1] === '-' ? -units : units;
}

/** Minor units of `currency` as its money string, with exactly its digits. */
export const fromMinor = (units: bigint, currency: string): Money => formatScaled(units, minorDigits(currency));

export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const amount of amounts) total += toMinor(amount, currency);
  return fromMinor(total, currency);
}

/** A quantity (≤ 3 decimals, api.md) in thousandths. */
export const toMilli = (quantity: Quantity): bigint => BigInt(Math.round(quantity * 1000));

export const fromMilli = (milli: bigint): Quantity => Number(milli) / 1000;

/** A numeric(18,3) column as read back ("12.500"): exact in thousandths. */
export const quantityOfColumn = (text: string): Quantity => fromMilli(parseScaled(text, 3));

/** part / whole × 100, half-up to 2 decimals, as "0.00"…"100.00"; null when the whole is 0. */
export function percentOf(part: Quantity, whole: Quantity): string | null {
  const [p, w] = [toMilli(part), toMilli(whole)];
  if (w === 0n) return null;
  // Hundredths of a percent, rounded half-up: floor((2 · p · 10000 + w) / (2 · w)) for p ≥ 0.
  const hundredths = (2n * p * 10_000n + w) / (2n * w);
  return formatScaled(hundredths, 2);
}
