import { lineAmounts, totalAmounts } from './line-amounts';

describe('line amounts (domain.md rounding)', () => {
  it('rounds net, then tax on the rounded net, half-up to the minor unit', () => {
    // 3 × 0.335 = 1.005 → 1.01 (a float would give 1.00); tax 20 % of 1.01 = 0.202 → 0.20
    expect(lineAmounts({ quantity: 3, unitPrice: '0.335', discount: '0', taxRate: '0.20' }, 'EUR')).toEqual({
      net: '1.01',
      tax: '0.20',
      gross: '1.21',
    });
  });

  it('applies the discount before rounding', () => {
    // 2.5 × 19.99 × 0.9 = 44.9775 → 44.98; tax 0.19 × 44.98 = 8.5462 → 8.55
    expect(lineAmounts({ quantity: 2.5, unitPrice: '19.99', discount: '0.1', taxRate: '0.19' }, 'EUR')).toEqual({
      net: '44.98',
      tax: '8.55',
      gross: '53.53',
    });
  });

  it('uses the currency minor unit', () => {
    expect(lineAmounts({ quantity: 3, unitPrice: '333', discount: '0.5', taxRate: '0.1' }, 'JPY')).toEqual({
      net: '500',
      tax: '50',
      gross: '550',
    });
  });

  it('totals are sums of rounded line amounts', () => {
    const a = lineAmounts({ quantity: 1, unitPrice: '0.005', discount: '0', taxRate: '0' }, 'EUR'); // 0.01
    const b = lineAmounts({ quantity: 1, unitPrice: '0.005', discount: '0', taxRate: '0' }, 'EUR'); // 0.01
    expect(totalAmounts([a, b], 'EUR')).toEqual({ net: '0.02', tax: '0.00', gross: '0.02' });
    expect(totalAmounts([], 'EUR')).toEqual({ net: '0.00', tax: '0.00', gross: '0.00' });
  });
});
