import { DecimalMath, Money, Rate, addMoney, roundMoney } from './money';
import { Quantity } from './quantity';

/**
 * Amounts of a priced line (domain.md "Invoices"): net = round(qty × unitPrice × (1 − discount)),
 * tax = round(net × taxRate), gross = net + tax, half-up to the currency's minor unit; totals are sums of
 * the rounded line amounts. Orders, quotes and invoices all price lines through here.
 */
export interface PricedQuantity {
  quantity: Quantity;
  unitPrice: Money;
  discount: Rate;
  taxRate: Rate;
}

export interface Amounts {
  net: Money;
  tax: Money;
  gross: Money;
}

export function lineAmounts(line: PricedQuantity, currency: string): Amounts {
  const net = roundMoney(
    new DecimalMath(String(line.quantity)).times(line.unitPrice).times(new DecimalMath(1).minus(line.discount)),
    currency,
  );
  const tax = roundMoney(new DecimalMath(net).times(line.taxRate), currency);
  return { net, tax, gross: addMoney(currency, net, tax) };
}

export function totalAmounts(amounts: readonly Amounts[], currency: string): Amounts {
  return {
    net: addMoney(currency, roundMoney(0, currency), ...amounts.map((a) => a.net)),
    tax: addMoney(currency, roundMoney(0, currency), ...amounts.map((a) => a.tax)),
    gross: addMoney(currency, roundMoney(0, currency), ...amounts.map((a) => a.gross)),
  };
}
