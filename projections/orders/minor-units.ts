import { Money, minorDigits } from '../../libs/domain/shared/money';
import type { Quantity } from '../../libs/domain/shared/quantity';

/**
 * Exact integer arithmetic for the sums a batch repeats for every order it touches (totals, invoiced
 * gross, percentages): money in minor units and quantities in thousandths, both as BigInt. decimal.js
 * stays the tool for pricing a line (lineAmounts); adding amounts that already carry the currency's digits
 * needs no rounding, only integers, and is an order of magnitude faster.
 */
const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

export function toMinor(amount: Money, currency: string): bigint {
  const digits = minorDigits(currency);
  const match = AMOUNT.exec(amount);
  const fraction = match?.[3] ?? '';
  if (!match || fraction.length > digits) throw new Error(`${amount} is not an amount in ${currency}`);
  const units = BigInt(match[2] + fraction.padEnd(digits, '0'));
  return match[1] === '-' ? -units : units;
}

export function fromMinor(units: bigint, currency: string): Money {
  return withDigits(units, minorDigits(currency));
}

/** `units` / 10^digits as a decimal string with exactly `digits` decimals. */
function withDigits(units: bigint, digits: number): string {
  const sign = units < 0n ? '-' : '';
  const text = (units < 0n ? -units : units).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const amount of amounts) total += toMinor(amount, currency);
  return fromMinor(total, currency);
}

/** part / whole × 100, half-up to 2 decimals, as "0.00"…"100.00"; null when the whole is 0. */
export function percentOf(part: Quantity, whole: Quantity): string | null {
  const [p, w] = [milli(part), milli(whole)];
  if (w === 0n) return null;
  // Hundredths of a percent, rounded half-up: floor((2 · p · 10000 + w) / (2 · w)) for p ≥ 0.
  const hundredths = (2n * p * 10_000n + w) / (2n * w);
  return withDigits(hundredths, 2);
}

const milli = (quantity: Quantity): bigint => BigInt(Math.round(quantity * 1000));
