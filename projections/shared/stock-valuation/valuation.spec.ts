import fc from 'fast-check';
import { DecimalMath } from '../../../libs/domain/shared/money';
import { subtractQuantity } from '../../../libs/domain/shared/quantity';
import { IssuedLine, StockValuation, emptyValuation, issue, receive, returnAmount, returnToStock } from './valuation';

const EUR = 'EUR';
const state = (onHand: number, value: string, averageCost: string): StockValuation => ({ onHand, value, averageCost });
const issued = (quantity: number, unitCost: string, amount: string, returnedQuantity = 0, returnedAmount = '0.00'): IssuedLine => ({
  quantity,
  unitCost,
  amount,
  returnedQuantity,
  returnedAmount,
});

describe('moving-average valuation', () => {
  it('re-averages on each receipt; value is the sum of the rounded receipt amounts', () => {
    const first = receive(emptyValuation(EUR), 10, '2.00', EUR);
    expect(first).toEqual({ amount: '20.00', unitCost: '2.000000', after: state(10, '20.00', '2.000000') });
    const second = receive(first.after, 5, '3.50', EUR);
    expect(second).toEqual({ amount: '17.50', unitCost: '3.500000', after: state(15, '37.50', '2.500000') });
  });

  it('rounds each receipt amount half-up to the cent and keeps the average to 6 decimals', () => {
    const a = receive(emptyValuation(EUR), 3, '10.00', EUR).after;
    const b = receive(a, 0.333, '1.99', EUR); // 0.66267
    expect(b.amount).toBe('0.66');
    expect(b.after).toEqual(state(3.333, '30.66', '9.198920')); // 30.66 / 3.333 = 9.1989198…
    const c = receive(emptyValuation(EUR), 0.005, '1.00', EUR); // 0.005 → 0.01, half-up
    expect(c.after).toEqual(state(0.005, '0.01', '2.000000'));
  });

  it('issues at the average of that moment, the share of the value the quantity takes, rounded per issue', () => {
    const stocked = receive(receive(emptyValuation(EUR), 1, '0.01', EUR).after, 3, '0.02', EUR).after;
    expect(stocked).toEqual(state(4, '0.07', '0.017500'));
    const out = issue(stocked, 1, EUR); // 0.07 × 1/4 = 0.0175 → 0.02
    expect(out).toEqual({ amount: '0.02', unitCost: '0.020000', after: state(3, '0.05', '0.016667') });
  });

  it('never lets rounding drift: issue by issue the amounts add up to the value, the last issue takes what is left', () => {
    let s = receive(receive(emptyValuation(EUR), 3, '0.01', EUR).after, 3, '0.02', EUR).after; // 0.09 for 6, avg 0.015
    const amounts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const out = issue(s, 1, EUR);
      amounts.push(out.amount);
      s = out.after;
    }
    // round(1 × 0.015) each time would issue 0.12 and leave −0.03 behind.
    expect(amounts).toEqual(['0.02', '0.01', '0.02', '0.01', '0.02', '0.01']);
    expect(s).toEqual(state(0, '0.00', '0.010000'));
    const whole = issue(state(3, '10.00', '3.333333'), 3, EUR);
    expect(whole).toEqual({ amount: '10.00', unitCost: '3.333333', after: state(0, '0.00', '3.333333') });
  });

  it('lets stock go negative: the excess issues at the average, and later receipts settle the value', () => {
    const five = receive(emptyValuation(EUR), 5, '2.00', EUR).after;
    const over = issue(five, 7, EUR); // the 5 on hand take their 10.00, the 2 missing go at 2.00
    expect(over).toEqual({ amount: '14.00', unitCost: '2.000000', after: state(-2, '-4.00', '2.000000') });
    const backToZero = receive(over.after, 2, '3.00', EUR); // no stock: the average becomes the latest cost
    expect(backToZero.after).toEqual(state(0, '2.00', '3.000000'));
    const refill = receive(backToZero.after, 4, '3.00', EUR); // the residual 2.00 is absorbed into the average
    expect(refill.after).toEqual(state(4, '14.00', '3.500000'));
    const empty = issue(refill.after, 4, EUR);
    expect(empty.after).toEqual(state(0, '0.00', '3.500000'));
    // In = 10 + 6 + 12, out = 14 + 14: nothing lost or created.
    expect(new DecimalMath(10).plus(6).plus(12).minus(over.amount).minus(empty.amount).toFixed(2)).toBe('0.00');
  });

  it('issues at zero cost a sku that never had a receipt, and never divides by zero', () => {
    const out = issue(emptyValuation(EUR), 2, EUR);
    expect(out).toEqual({ amount: '0.00', unitCost: '0.000000', after: state(-2, '0.00', '0.000000') });
    const stillShort = receive(out.after, 1, '4.00', EUR);
    expect(stillShort.after).toEqual(state(-1, '4.00', '4.000000'));
    const negativeValue = receive(state(-5, '-10.00', '2.000000'), 2, '3.00', EUR);
    expect(negativeValue.after).toEqual(state(-3, '-4.00', '3.000000'));
    const positiveStockNegativeValue = receive(state(-2, '-100.00', '50.000000'), 3, '1.00', EUR);
    expect(positiveStockNegativeValue.after).toEqual(state(1, '-97.00', '1.000000'));
    // Shipping that last unit takes the −97.00 out: the 3 units cost 3.00 in total, as they were bought.
    expect(issue(positiveStockNegativeValue.after, 1, EUR).amount).toBe('-97.00');
  });

  it('brings returns back at the issue unit cost and re-averages', () => {
    const first = receive(emptyValuation(EUR), 10, '1.00', EUR).after;
    const shipped = issue(first, 4, EUR);
    expect(shipped.amount).toBe('4.00');
    const later = receive(shipped.after, 10, '2.00', EUR).after;
    expect(later).toEqual(state(16, '26.00', '1.625000'));
    const line = issued(4, shipped.unitCost, shipped.amount);
    const back = returnToStock(later, line, 2, EUR);
    expect(back.amount).toBe('2.00');
    expect(back.after).toEqual(state(18, '28.00', '1.555556'));
    expect(back.issued).toEqual(issued(4, '1.000000', '4.00', 2, '2.00'));
  });

  it('prices partial returns pro rata of what is still out, so they never add up to more than the issue', () => {
    const backOneByOne = (line: IssuedLine) => {
      const amounts: string[] = [];
      let s = state(0, '0.00', '0.000000');
      while (line.returnedQuantity < line.quantity) {
        const back = returnToStock(s, line, 1, EUR);
        amounts.push(back.amount);
        [s, line] = [back.after, back.issued];
      }
      return { amounts, line, s };
    };
    const third = backOneByOne(issued(3, '0.016667', '0.05'));
    expect(third.amounts).toEqual(['0.02', '0.02', '0.01']);
    expect(third.line).toEqual(issued(3, '0.016667', '0.05', 3, '0.05'));
    expect(third.s.value).toBe('0.05');
    // round(1 × 0.005) = 0.01 per return would bring back 0.04 of an issue of 0.02.
    expect(backOneByOne(issued(4, '0.005000', '0.02')).amounts).toEqual(['0.01', '0.00', '0.01', '0.00']);
    expect(() => returnAmount(third.line, 0.001, EUR)).toThrow(RangeError);
  });

  it('refuses non-positive quantities', () => {
    expect(() => receive(emptyValuation(EUR), 0, '1.00', EUR)).toThrow(RangeError);
    expect(() => issue(emptyValuation(EUR), -1, EUR)).toThrow(RangeError);
  });

  it('rounds to the minor unit of the currency', () => {
    expect(receive(emptyValuation('JPY'), 3, '101', 'JPY').after).toEqual(state(3, '303', '101.000000'));
    expect(issue(state(3, '100', '33.333333'), 1, 'JPY').amount).toBe('33');
    expect(receive(emptyValuation('KWD'), 1.5, '0.333', 'KWD').amount).toBe('0.500'); // 0.4995
  });

  describe('over any sequence of receipts, issues and returns (stock never negative)', () => {
    type Step = { kind: 'receive'; sku: number; milli: number; cents: number } | { kind: 'issue'; sku: number; share: number } | { kind: 'return'; pick: number; share: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('receive' as const), sku: fc.nat(2), milli: fc.integer({ min: 1, max: 50_000 }), cents: fc.integer({ min: 0, max: 100_000 }) }),
      fc.record({ kind: fc.constant('issue' as const), sku: fc.nat(2), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('return' as const), pick: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
    );

    it('keeps Σ value = Σ ledger entries (account 1200) ≈ Σ on-hand × average, empties to exactly zero, reverses full returns exactly', () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
          const skus = [0, 1, 2].map(() => emptyValuation(EUR));
          const lines: { sku: number; line: IssuedLine }[] = [];
          let ledger1200 = new DecimalMath(0);
          for (const s of steps) {
            if (s.kind === 'receive') {
              const r = receive(skus[s.sku], s.milli / 1000, (s.cents / 100).toFixed(2), EUR);
              ledger1200 = ledger1200.plus(r.amount);
              skus[s.sku] = r.after;
            } else if (s.kind === 'issue') {
              const milli = Math.floor(Math.round(skus[s.sku].onHand * 1000) * s.share);
              if (milli <= 0) continue;
              const r = issue(skus[s.sku], milli / 1000, EUR);
              ledger1200 = ledger1200.minus(r.amount);
              skus[s.sku] = r.after;
              lines.push({ sku: s.sku, line: issued(milli / 1000, r.unitCost, r.amount) });
            } else if (lines.length > 0) {
              const picked = lines[s.pick % lines.length];
              const openMilli = Math.round(subtractQuantity(picked.line.quantity, picked.line.returnedQuantity) * 1000);
              const milli = Math.max(1, Math.ceil(openMilli * s.share));
              if (openMilli <= 0) continue;
              const r = returnToStock(skus[picked.sku], picked.line, Math.min(milli, openMilli) / 1000, EUR);
              ledger1200 = ledger1200.plus(r.amount);
              skus[picked.sku] = r.after;
              picked.line = r.issued;
            }
            const total = skus.reduce((sum, v) => sum.plus(v.value), new DecimalMath(0));
            expect(total.toFixed(2)).toBe(ledger1200.toFixed(2));
            for (const v of skus) {
              expect(v.onHand).toBeGreaterThanOrEqual(0);
              expect(new DecimalMath(v.value).gte(0)).toBe(true);
              if (v.onHand === 0) expect(v.value).toBe('0.00');
              // on-hand × shown average is the value to within the average's 6th decimal per unit.
              expect(new DecimalMath(v.onHand).times(v.averageCost).minus(v.value).abs().lte(new DecimalMath(v.onHand).times('0.0000005'))).toBe(true);
            }
          }
          for (const { line } of lines) {
            if (line.returnedQuantity === line.quantity) expect(line.returnedAmount).toBe(line.amount);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
