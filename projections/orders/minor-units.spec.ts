import { fromMinor, percentOf, sumMoney, toMinor } from './minor-units';

describe('minor units', () => {
  it('reads and writes amounts with the currency digits', () => {
    expect(toMinor('1234.50', 'EUR')).toBe(123450n);
    expect(toMinor('12.5', 'EUR')).toBe(1250n);
    expect(toMinor('7', 'JPY')).toBe(7n);
    expect(toMinor('1.005', 'BHD')).toBe(1005n);
    expect(toMinor('-0.05', 'EUR')).toBe(-5n);
    expect(() => toMinor('1.005', 'EUR')).toThrow(/not an amount/);
    expect(fromMinor(5n, 'EUR')).toBe('0.05');
    expect(fromMinor(-123450n, 'EUR')).toBe('-1234.50');
    expect(fromMinor(1005n, 'BHD')).toBe('1.005');
    expect(fromMinor(0n, 'JPY')).toBe('0');
  });

  it('adds amounts exactly, however many', () => {
    expect(sumMoney(Array.from({ length: 10 }, () => '0.10'), 'EUR')).toBe('1.00');
    expect(sumMoney([], 'KWD')).toBe('0.000');
    expect(sumMoney(['999999999999999.99', '0.01'], 'EUR')).toBe('1000000000000000.00');
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
