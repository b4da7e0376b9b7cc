/**
 * Exact decimal arithmetic on scaled bigints for the valuation's hot path: a decimal string "12.345" at
 * scale 3 is 12345n. Rebuilding stock folds tens of thousands of movements per second, and decimal.js at
 * 40 digits costs about ten times as much per operation; integers are just as exact (ADR 0003 allows
 * either), and rounding is the same half-up (half away from zero) as roundMoney.
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

/** A quantity (≤ 3 decimals, api.md) in thousandths. */
export const toMilli = (quantity: number): bigint => BigInt(Math.round(quantity * 1000));

export const fromMilli = (milli: bigint): number => Number(milli) / 1000;

/** −x of a decimal string, in the same digits; zero stays unsigned. */
export function negateDecimal(text: string): string {
  if (text.startsWith('-')) return text.slice(1);
  return /^[0.]*$/.test(text) ? text : `-${text}`;
}
