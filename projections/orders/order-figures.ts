import type { OrderStatus } from '../../libs/domain/sales-order/state';
import { lineAmounts } from '../../libs/domain/shared/line-amounts';
import type { Money } from '../../libs/domain/shared/money';
import { addQuantities } from '../../libs/domain/shared/quantity';
import { fromMinor, percentOf, sumMoney, toMinor } from '../shared/fixed-point';
import type { LineFigures, LineModel } from './order-model';

/**
 * What the summary row derives from the order's lines (README.md "order_summaries"): totals priced like
 * the order itself (domain.md "Invoices": each line rounded, then summed), quantities, and the two
 * fulfilment percentages.
 */
export function lineFigures(lines: Iterable<LineModel>, currency: string): LineFigures {
  const all = [...lines];
  // Only lines whose price, discount or quantity changed in this batch are priced again.
  const amounts = all.map((line) => (line.amounts ??= lineAmounts(line, currency)));
  const stocked = all.filter((l) => l.kind === 'stocked');
  const orderedQuantity = addQuantities(...all.map((l) => l.quantity));
  const stockedQuantity = addQuantities(...stocked.map((l) => l.quantity));
  const shippedQuantity = addQuantities(...stocked.map((l) => l.shipped));
  const invoicedQuantity = addQuantities(...all.map((l) => l.invoiced));
  const creditedQuantity = addQuantities(...all.map((l) => l.credited));
  return {
    lineCount: all.length,
    net: sumMoney(amounts.map((a) => a.net), currency),
    tax: sumMoney(amounts.map((a) => a.tax), currency),
    gross: sumMoney(amounts.map((a) => a.gross), currency),
    orderedQuantity,
    stockedQuantity,
    shippedQuantity,
    invoicedQuantity,
    creditedQuantity,
    // Services are never shipped: shipping progress is measured over stocked lines only.
    shippedPercent: percentOf(shippedQuantity, stockedQuantity),
    invoicedPercent: percentOf(invoicedQuantity, orderedQuantity),
  };
}

/**
 * Gross still to be invoiced on an order that can still be invoiced: only a `confirmed` order takes
 * invoices (a locked one is closed for work, canceled and discarded ones are closed, drafts and sent ones
 * are not committed yet), so every other status expects 0. Never below 0: a price lowered after invoicing
 * can leave invoiced gross above the order's gross. `invoicedGross` is net of reopening credit notes, so
 * what they give back to billing is expected again; a credit that does not reopen billing (an allowance)
 * leaves it invoiced and is not expected again.
 */
export function expectedRevenue(status: OrderStatus, gross: Money, invoicedGross: Money, currency: string): Money {
  if (status !== 'confirmed') return fromMinor(0n, currency);
  const open = toMinor(gross, currency) - toMinor(invoicedGross, currency);
  return fromMinor(open > 0n ? open : 0n, currency);
}
