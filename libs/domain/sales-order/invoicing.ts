import { addDays, dateField } from '../shared/calendar';
import { DomainError, InvalidInputError } from '../shared/domain-error';
import { BASE_RATE, ExchangeRate, baseAmounts, effectiveRate, exchangeRateField } from '../shared/exchange';
import { lineAmounts, totalAmounts } from '../shared/line-amounts';
import { addQuantities } from '../shared/quantity';
import { OrderCommandData } from './commands';
import { InvoiceLine, OrderEvent } from './events';
import { findLine, requireConfirmed, requireRate, uniqueLines } from './preconditions';
import { ExistingOrder } from './state';

/**
 * Invoices of a confirmed order (domain.md "Invoices"): never more than ordered, or than shipped under the
 * invoice policy "delivered"; priced as the order's lines are.
 */
export function invoiceLines(data: OrderCommandData<'InvoiceLines'>, order: ExistingOrder): OrderEvent[] {
  requireConfirmed(order, 'invoice');
  if (order.invoiceIds.includes(data.invoiceId)) throw new DomainError('INVOICE_EXISTS', `Invoice ${data.invoiceId} already exists`);
  const exchangeRate = invoiceRate(order, data.baseCurrency, data.exchangeRate);
  const policy = order.invoicePolicy ?? data.customer.invoicePolicy;
  const lines: InvoiceLine[] = uniqueLines(data.lines).map(({ lineId, quantity }) => {
    const line = findLine(order, lineId);
    // Services are never shipped, so they always invoice on what was ordered (domain.md).
    const onShipped = policy === 'delivered' && line.kind === 'stocked';
    const limit = onShipped ? line.shippedQuantity : line.quantity;
    if (addQuantities(line.invoicedQuantity, quantity) > limit) {
      throw new DomainError(
        'OVER_INVOICE',
        `Line ${lineId}: ${line.invoicedQuantity} invoiced + ${quantity} would exceed ${limit} ${onShipped ? 'shipped (invoice policy "delivered")' : 'ordered'}`,
        { lineId, limit, basis: onShipped ? 'shipped' : 'ordered', invoiced: line.invoicedQuantity, requested: quantity },
      );
    }
    const priced = { quantity, unitPrice: line.unitPrice, discount: line.discount, taxRate: line.taxRate };
    return { lineId, sku: line.sku, ...priced, ...lineAmounts(priced, order.currency) };
  });
  const totals = totalAmounts(lines, order.currency);
  return [
    {
      type: 'InvoiceIssued',
      data: {
        orderId: order.orderId,
        invoiceId: data.invoiceId,
        customerId: order.customerId,
        currency: order.currency,
        invoiceDate: dateField('invoiceDate', data.invoiceDate),
        dueDate: addDays(data.invoiceDate, data.customer.paymentTermsDays),
        lines,
        totals,
        exchangeRate,
        baseCurrency: data.baseCurrency,
        baseTotals: baseAmounts(totals, exchangeRate, data.baseCurrency),
      },
    },
  ];
}

/**
 * An invoice's rate: its own (a base-currency invoice's can only be "1"), else the order's, else "1" in
 * the base currency. A foreign-currency order confirmed before orders carried exchange rates has no rate: the invoice must give one.
 */
function invoiceRate(order: ExistingOrder, baseCurrency: string, given: ExchangeRate | undefined): ExchangeRate {
  const inBase = order.currency === baseCurrency;
  if (given !== undefined) {
    const rate = exchangeRateField('exchangeRate', given);
    if (inBase && rate !== BASE_RATE) {
      throw new InvalidInputError('exchangeRate', `An invoice in the base currency ${baseCurrency} has exchange rate "1"`);
    }
    return rate;
  }
  return requireRate(order.currency, baseCurrency, inBase ? BASE_RATE : effectiveRate(order.currency, baseCurrency, order.exchangeRate));
}
