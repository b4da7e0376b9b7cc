import type { Catalogue } from '../history/catalogue';
import { creditLimitBeyond } from './command-load';
import { parseProjectionsBenchOptions } from './projections-bench-options';

describe('the live load of bench:projections', () => {
  it('runs a window at 40 and one at 400 commands/s unless told other rates', () => {
    const rates = (...args: string[]) => (parseProjectionsBenchOptions(args) as { rates: number[] }).rates;
    expect(rates()).toEqual([40, 400]);
    expect(rates('--quick')).toEqual([40, 400]);
    expect(rates('--rates', '400,40,100')).toEqual([400, 40, 100]);
    expect(rates('--rate=80')).toEqual([80]);
  });

  it("sets the credit customers' limit above every draft the load could send, each of the dearest product at the most units", () => {
    const product = (sku: string, unitPrice: string, taxRate: string) => ({ facts: { sku, kind: 'stocked' as const, currency: 'EUR', unitPrice, taxRate, active: true }, unitCost: '1.00' });
    const catalogue: Catalogue = { customers: [], stocked: [product('A', '10.00', '0.20'), product('B', '250.00', '0.19')], services: [] };
    // Two lines × (250.00 × 5 × 1.19 + 0.02 of rounding) × 100 drafts = 297,504, up to the next thousand.
    expect(creditLimitBeyond(catalogue, 100)).toBe('298000.00');
  });
});
