import { DomainError } from '../shared/domain-error';
import { DecimalMath, Money, addMoney, roundMoney } from '../shared/money';
import { CreditFacts } from './commands';
import { CreditCheck } from './events';

/**
 * The credit check at confirmation (domain.md "Sales orders"), all in the base currency: open
 * receivables + open orders + this order must not exceed the limit; exactly at the limit is fine. Past
 * it, only a credit override confirms, and it is recorded; an override that was not needed is not.
 * No credit facts (the customer has no limit): nothing to check, null.
 */
export function checkCredit(credit: CreditFacts | null, thisOrder: Money, currency: string): CreditCheck | null {
  if (credit === null) return null;
  const limit = roundMoney(credit.limit, currency);
  const openReceivables = roundMoney(credit.openReceivables, currency);
  const openOrders = roundMoney(credit.openOrders, currency);
  const exposure = addMoney(currency, openReceivables, openOrders, thisOrder);
  const exceeded = new DecimalMath(exposure).gt(limit);
  if (exceeded && credit.override === null) {
    const excess = roundMoney(new DecimalMath(exposure).minus(limit), currency);
    throw new DomainError(
      'CREDIT_LIMIT_EXCEEDED',
      `Credit limit ${limit} ${currency} exceeded by ${excess}: open receivables ${openReceivables} + open orders ${openOrders} + this order ${thisOrder} = ${exposure} ${currency}`,
      { currency, limit, openReceivables, openOrders, thisOrder, exposure, excess },
    );
  }
  return { currency, limit, openReceivables, openOrders, thisOrder, exposure, exceeded, override: exceeded ? credit.override : null };
}
