import { addMoney, isMoneyIn, isRate, minorDigits, normalizeRate, roundMoney } from './money';
import { addQuantities, isQuantity, quantityText, subtractQuantity } from './quantity';

describe('money', () => {
  it('rounds half-up to the currency minor unit, never through binary floats', () => {
    expect(roundMoney('1.005', 'EUR')).toBe('1.01');
    expect(roundMoney('1.004999', 'EUR')).toBe('1.00');
    expect(roundMoney('2.675', 'EUR')).toBe('2.68'); // 2.675 as a double is 2.67499999…
    expect(roundMoney('-1.005', 'EUR')).toBe('-1.01'); // half away from zero
    expect(roundMoney('0.5', 'JPY')).toBe('1');
    expect(roundMoney('1.0005', 'KWD')).toBe('1.001');
    expect(addMoney('EUR', '0.10', '0.20')).toBe('0.30');
  });

  it('knows minor digits per ISO 4217', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
  });

  it('accepts amounts with at most the currency minor digits', () => {
    expect(isMoneyIn('1234.50', 'EUR')).toBe(true);
    expect(isMoneyIn('1234.5', 'EUR')).toBe(true);
    expect(isMoneyIn('12', 'EUR')).toBe(true);
    expect(isMoneyIn('1.234', 'EUR')).toBe(false);
    expect(isMoneyIn('1.5', 'JPY')).toBe(false);
    expect(isMoneyIn('-1.00', 'EUR')).toBe(false);
    expect(isMoneyIn('1e3', 'EUR')).toBe(false);
    expect(isMoneyIn(12.5, 'EUR')).toBe(false);
  });

  it('accepts rates in [0, 1] as decimal strings', () => {
    expect(isRate('0.20')).toBe(true);
    expect(isRate('1')).toBe(true);
    expect(isRate('1.01')).toBe(false);
    expect(isRate('-0.1')).toBe(false);
    expect(isRate(0.2)).toBe(false);
    expect(normalizeRate('0.2')).toBe('0.20');
    expect(normalizeRate('0.125')).toBe('0.125');
  });
});

describe('quantity', () => {
  it('allows positive numbers with at most 3 decimals', () => {
    expect(isQuantity(1)).toBe(true);
    expect(isQuantity(2.125)).toBe(true);
    expect(isQuantity(0.001)).toBe(true);
    expect(isQuantity(0)).toBe(false);
    expect(isQuantity(-1)).toBe(false);
    expect(isQuantity(1.0001)).toBe(false);
    expect(isQuantity(Number.NaN)).toBe(false);
    expect(isQuantity('1')).toBe(false);
  });

  it('adds in thousandths', () => {
    expect(addQuantities(0.1, 0.2)).toBe(0.3);
    expect(subtractQuantity(0.3, 0.1)).toBe(0.2);
  });
});

describe('quantity text', () => {
  it('writes exact thousandths', () => {
    expect([2.5, 0.1 + 0.2, 10, -3.005, 0].map(quantityText)).toEqual(['2.500', '0.300', '10.000', '-3.005', '0.000']);
  });
});
