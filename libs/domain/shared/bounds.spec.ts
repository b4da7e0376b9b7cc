import { dateField, isCalendarDate } from './calendar';
import { InvalidInputError } from './domain-error';
import { isMoneyIn, rateField } from './money';
import { isQuantity, quantityField, quantityText } from './quantity';

/** The limits of bounds.ts as the domain enforces them: at the bound accepted, one step beyond refused. */
describe('input bounds', () => {
  it('takes quantities up to 999,999,999.999 with at most 3 decimals, exactly', () => {
    expect([0.001, 1, 2.125, 999_999_999.999].every(isQuantity)).toBe(true);
    expect([0, -0.001, 1_000_000_000, 999_999_999.9995, 1.0001, 1e-7, 1e21, 1e308, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Infinity, '1'].some(isQuantity)).toBe(false);
    expect(quantityText(999_999_999.999)).toBe('999999999.999');
    expect(() => quantityField('lines[0].quantity', 1e21)).toThrow(InvalidInputError);
  });

  it('takes money with at most 13 integer digits and the currency’s minor digits', () => {
    expect(isMoneyIn('9999999999999.99', 'EUR')).toBe(true);
    expect(isMoneyIn('10000000000000', 'EUR')).toBe(false);
    expect(isMoneyIn('1.001', 'EUR')).toBe(false);
    expect(isMoneyIn('1.001', 'KWD')).toBe(true);
    expect(isMoneyIn('1e3', 'EUR')).toBe(false);
    expect(isMoneyIn(' 1.00', 'EUR')).toBe(false);
  });

  it('takes rates in [0, 1] with at most 6 decimals', () => {
    expect(rateField('taxRate', '0.2')).toBe('0.20');
    expect(rateField('discount', '1.000000')).toBe('1.00');
    for (const bad of ['1.0000001', '1.01', '-0', '0.1234567', '.5', '1e-1']) expect(() => rateField('discount', bad)).toThrow(InvalidInputError);
  });

  it('takes real calendar days from 1900 to 2999', () => {
    expect(['1900-01-01', '2999-12-31', '2028-02-29'].every(isCalendarDate)).toBe(true);
    expect(['1899-12-31', '3000-01-01', '2026-02-30', '2026-13-01', '+275760-09-13', '2026-1-01'].some(isCalendarDate)).toBe(false);
    expect(() => dateField('invoiceDate', '0001-01-01')).toThrow(InvalidInputError);
  });
});
