import { MAX_QUANTITY, QUANTITY_DECIMALS } from './bounds';
import { InvalidInputError } from './domain-error';

/**
 * Quantities are JSON numbers > 0 with at most 3 decimals, at most 999,999,999.999 (api.md, bounds.ts). They
 * are added in integer thousandths so that 0.1 + 0.2 is 0.3, not 0.30000000000000004.
 */
export type Quantity = number;

/**
 * The shortest decimal text of a number is exactly what the caller sent (the HTTP layer refuses numbers
 * JavaScript cannot hold exactly), so counting its decimals is exact; exponent forms (1e-7, 1e+21) are
 * out of range anyway.
 */
const PLAIN = new RegExp(`^\\d+(\\.\\d{1,${QUANTITY_DECIMALS}})?$`);

export function isQuantity(value: unknown): value is Quantity {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_QUANTITY && PLAIN.test(String(value));
}

/** The command's quantity, or the field's validation error. */
export function quantityField(field: string, value: unknown): Quantity {
  if (!isQuantity(value)) {
    throw new InvalidInputError(field, `${field} must be a number > 0 and ≤ ${MAX_QUANTITY} with at most ${QUANTITY_DECIMALS} decimals`);
  }
  return value;
}

const toMilli = (q: Quantity): number => Math.round(q * 1000);

export function addQuantities(...quantities: Quantity[]): Quantity {
  return quantities.reduce((sum, q) => sum + toMilli(q), 0) / 1000;
}

export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  return (toMilli(a) - toMilli(b)) / 1000;
}

/** A quantity as exact decimal text with 3 decimals ("2.500"), built from integer thousandths. */
export function quantityText(q: Quantity): string {
  const milli = BigInt(Math.round(q * 1000));
  const abs = milli < 0n ? -milli : milli;
  return `${milli < 0n ? '-' : ''}${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
}
