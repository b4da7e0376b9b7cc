import { EXCHANGE_RATE_TEXT } from './bounds';
import { InvalidInputError } from './domain-error';
import { Amounts } from './line-amounts';
import { DecimalMath, Money, addMoney, isDecimalString, roundMoney } from './money';

/**
 * Exchange rates to the ledger's base currency (domain.md "Money and currency"; ADR 0007). A rate is a
 * positive decimal string: 1 unit of the document currency is `rate` units of the base currency. A
 * document in the base currency has rate "1". Base amounts are rounded half-up to the base currency's
 * minor unit, each amount once, as journal lines are.
 */
export type ExchangeRate = string;

export const BASE_RATE: ExchangeRate = '1';


export function isExchangeRate(text: unknown): text is ExchangeRate {
  return typeof text === 'string' && EXCHANGE_RATE_TEXT.test(text) && new DecimalMath(text).gt(0);
}

/** Canonical text of a valid rate ("1.10" → "1.1", "1.0" → "1"). */
export function normalizeExchangeRate(text: string): ExchangeRate {
  return new DecimalMath(text).toString();
}

/** A command's exchange rate field, canonical, or the field's validation error. */
export function exchangeRateField(field: string, text: string): ExchangeRate {
  if (!isDecimalString(text) || !isExchangeRate(text)) {
    throw new InvalidInputError(field, `${field} must be a positive decimal such as "1.0825" (base currency units per document currency unit)`);
  }
  return normalizeExchangeRate(text);
}

/** `amount` of the document currency in the base currency, rounded once. */
export function toBase(amount: Money, rate: ExchangeRate, baseCurrency: string): Money {
  return roundMoney(new DecimalMath(amount).times(rate), baseCurrency);
}

/**
 * A document's amounts in the base currency: net and tax each converted and rounded, gross their sum, so
 * the base-currency journal entry (Dr 1100 gross / Cr 4000 net, Cr 2100 tax) balances exactly.
 */
export function baseAmounts(amounts: Amounts, rate: ExchangeRate, baseCurrency: string): Amounts {
  const net = toBase(amounts.net, rate, baseCurrency);
  const tax = toBase(amounts.tax, rate, baseCurrency);
  return { net, tax, gross: addMoney(baseCurrency, net, tax) };
}

/**
 * The rate a document uses: the one given, else the one inherited (an invoice inherits its order's), else
 * "1" when the document is in the base currency; null when a foreign-currency document has none.
 */
export function effectiveRate(currency: string, baseCurrency: string, ...candidates: (ExchangeRate | null | undefined)[]): ExchangeRate | null {
  const given = candidates.find((c) => c !== null && c !== undefined);
  if (given !== undefined && given !== null) return given;
  return currency === baseCurrency ? BASE_RATE : null;
}
