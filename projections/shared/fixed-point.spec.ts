import fc from 'fast-check';
import { DecimalMath } from '../../libs/domain/shared/money';
import { divideRounded, formatScaled, fromMinor, negateDecimal, parseScaled, percentOf, quantityOfColumn, sumMoney, toMinor } from './fixed-point';

describe('fixed-point decimals, money and quantities', () => {
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

  it('reads and writes money in the minor units of its currency, never rounding one silently', () => {
    expect(toMinor('1234.50', 'EUR')).toBe(123450n);
    expect(toMinor('12.5', 'EUR')).toBe(1250n);
    expect(toMinor('-0.07', 'EUR')).toBe(-7n);
    expect(toMinor('7', 'JPY')).toBe(7n);
    expect(toMinor('1500', 'JPY')).toBe(1500n);
    expect(toMinor('1.005', 'BHD')).toBe(1005n);
    expect(toMinor('1.234', 'KWD')).toBe(1234n);
    expect(() => toMinor('1.005', 'EUR')).toThrow('1.005 is not an amount in EUR: more digits than EUR allows');
    expect(() => toMinor('1e3', 'EUR')).toThrow(/not an amount/);
    expect(fromMinor(5n, 'EUR')).toBe('0.05');
    expect(fromMinor(-123450n, 'EUR')).toBe('-1234.50');
    expect(fromMinor(1005n, 'BHD')).toBe('1.005');
    expect(fromMinor(1500n, 'JPY')).toBe('1500');
    expect(fromMinor(0n, 'JPY')).toBe('0');
    expect(fromMinor(0n, 'KWD')).toBe('0.000');
  });

  it('adds amounts exactly, however many', () => {
    expect(sumMoney(Array.from({ length: 10 }, () => '0.10'), 'EUR')).toBe('1.00');
    expect(sumMoney([], 'KWD')).toBe('0.000');
    expect(sumMoney(['999999999999999.99', '0.01'], 'EUR')).toBe('1000000000000000.00');
  });

  it('reads a numeric(18,3) quantity column exactly', () => {
    expect(quantityOfColumn('12.500')).toBe(12.5);
    expect(quantityOfColumn('0.001')).toBe(0.001);
    expect(quantityOfColumn('-3.000')).toBe(-3);
  });

  it('rounds percentages half-up to two decimals, null over nothing', () => {
    expect(percentOf(11, 15)).toBe('73.33');
    expect(percentOf(2, 3)).toBe('66.67');
    expect(percentOf(1, 8)).toBe('12.50');
    expect(percentOf(0.001, 0.008)).toBe('12.50');
    expect(percentOf(1, 1600)).toBe('0.06'); // 0.0625 → 0.06
    expect(percentOf(0.3, 0.3)).toBe('100.00');
    expect(percentOf(0, 5)).toBe('0.00');
    expect(percentOf(0, 0)).toBeNull();
  });
});
