import fc from 'fast-check';
import { DecimalMath } from '../../libs/domain/shared/money';
import { divideRounded, formatScaled, negateDecimal, parseScaled } from './fixed-point';

describe('fixed-point decimals', () => {
  it('parses and formats decimal strings at a scale', () => {
    expect(parseScaled('12.5', 2)).toBe(1250n);
    expect(parseScaled('-0.07', 2)).toBe(-7n);
    expect(parseScaled('3', 6)).toBe(3000000n);
    expect(parseScaled('2.675', 2)).toBe(268n); // extra digits round half-up, never through a double
    expect(parseScaled('-1.005', 2)).toBe(-101n);
    expect(formatScaled(-7n, 2)).toBe('-0.07');
    expect(formatScaled(0n, 2)).toBe('0.00');
    expect(formatScaled(303n, 0)).toBe('303');
    expect(() => parseScaled('1e3', 2)).toThrow(RangeError);
  });

  it('divides rounding half away from zero, like roundMoney', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(5n, -2n)).toBe(-3n);
    expect(divideRounded(7n, 3n)).toBe(2n);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.boolean(), (n, d, negative) => {
        const divisor = negative ? -d : d;
        const expected = new DecimalMath(n.toString()).dividedBy(divisor.toString()).toDecimalPlaces(0, DecimalMath.ROUND_HALF_UP).toFixed(0);
        expect(divideRounded(n, divisor).toString()).toBe(expected);
      }),
    );
  });

  it('negates in the same digits, leaving zero unsigned', () => {
    expect(negateDecimal('4.00')).toBe('-4.00');
    expect(negateDecimal('-4.00')).toBe('4.00');
    expect(negateDecimal('0.00')).toBe('0.00');
  });
});
