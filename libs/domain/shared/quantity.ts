/**
 * Quantities are JSON numbers > 0 with at most 3 decimals (api.md). They are added in integer thousandths so
 * that 0.1 + 0.2 is 0.3, not 0.30000000000000004.
 */
export type Quantity = number;

export function isQuantity(value: unknown): value is Quantity {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return false;
  const milli = value * 1000;
  return Math.abs(milli - Math.round(milli)) < 1e-6 && milli <= Number.MAX_SAFE_INTEGER;
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
  const milli = Math.round(q * 1000);
  const abs = Math.abs(milli);
  return `${milli < 0 ? '-' : ''}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
