import { dateField } from '../shared/calendar';
import { DomainError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { baseAmounts } from '../shared/exchange';
import { Amounts, lineAmounts, totalAmounts } from '../shared/line-amounts';
import { DecimalMath, Money, addMoney, roundMoney } from '../shared/money';
import { addQuantities, Quantity, subtractQuantity } from '../shared/quantity';
import { OrderCommandData } from './commands';
import { InvoiceLine, OrderEvent } from './events';
import { uniqueLines } from './preconditions';
import { ExistingOrder, InvoiceLineState, InvoiceState } from './state';

/**
 * A credit note corrects whole or partial lines of one issued invoice, never more than was invoiced and
 * not yet credited (domain.md "Invoices"), whatever the order's status now (a canceled order's invoices
 * are corrected this way). It is priced like the invoice, line by line, except that the credit taking a
 * line's last uncredited quantity takes exactly what is left of the line's amounts, and the note that
 * credits the invoice completely takes exactly what is left of its base totals: crediting an invoice in
 * pieces returns exactly its totals, in both currencies.
 */
export function issueCreditNote(data: OrderCommandData<'IssueCreditNote'>, order: ExistingOrder): OrderEvent[] {
  const inv = order.invoices.find((i) => i.invoiceId === data.invoiceId);
  if (!inv) throw new NotFoundError('INVOICE_NOT_FOUND', `Order ${order.orderId} has no invoice ${data.invoiceId}`);
  if (order.creditNoteIds.includes(data.creditNoteId)) throw new DomainError('CREDIT_NOTE_EXISTS', `Credit note ${data.creditNoteId} already exists`);
  if (data.lines.length === 0) throw new InvalidInputError('lines', 'a credit note credits at least one line');
  const lines: InvoiceLine[] = uniqueLines(data.lines).map(({ lineId, quantity }) => {
    const line = inv.lines.find((l) => l.lineId === lineId);
    if (!line) throw new NotFoundError('LINE_NOT_FOUND', `Invoice ${inv.invoiceId} has no line ${lineId}`);
    const creditable = subtractQuantity(line.quantity, line.creditedQuantity);
    if (subtractQuantity(creditable, quantity) < 0) {
      throw new DomainError('OVER_CREDIT', `Line ${lineId}: only ${creditable} of invoice ${inv.invoiceId} can still be credited`, {
        lineId,
        invoiced: line.quantity,
        credited: line.creditedQuantity,
        requested: quantity,
      });
    }
    const { sku, unitPrice, discount, taxRate } = line;
    const last = subtractQuantity(creditable, quantity) === 0;
    return { lineId, sku, quantity, unitPrice, discount, taxRate, ...creditAmounts(line, quantity, last, inv.currency) };
  });
  const totals = totalAmounts(lines, inv.currency);
  const whole = inv.lines.every((l) => {
    const credited = lines.find((c) => c.lineId === l.lineId)?.quantity ?? 0;
    return subtractQuantity(l.quantity, addQuantities(l.creditedQuantity, credited)) === 0;
  });
  return [
    {
      type: 'CreditNoteIssued',
      data: {
        orderId: order.orderId,
        creditNoteId: data.creditNoteId,
        invoiceId: inv.invoiceId,
        customerId: order.customerId,
        currency: inv.currency,
        creditDate: dateField('creditDate', data.creditDate),
        reason: data.reason,
        reopenBilling: data.reopenBilling,
        lines,
        totals,
        exchangeRate: inv.exchangeRate,
        baseCurrency: inv.baseCurrency,
        baseTotals: creditBaseTotals(inv, totals, whole),
      },
    },
  ];
}

/**
 * A credit line's amounts: the invoice's rounding on the credited quantity, never more than the line has
 * left (many small credits rounding up could otherwise outrun it); the last credit on a line takes exactly
 * the rest.
 */
function creditAmounts(line: InvoiceLineState, quantity: Quantity, last: boolean, currency: string): Amounts {
  const leftNet = subtractMoney(currency, line.net, line.creditedNet);
  const leftTax = subtractMoney(currency, line.tax, line.creditedTax);
  if (last) return { net: leftNet, tax: leftTax, gross: addMoney(currency, leftNet, leftTax) };
  const priced = lineAmounts({ quantity, unitPrice: line.unitPrice, discount: line.discount, taxRate: line.taxRate }, currency);
  const net = minMoney(priced.net, leftNet);
  const tax = minMoney(net === priced.net ? priced.tax : roundMoney(new DecimalMath(net).times(line.taxRate), currency), leftTax);
  return { net, tax, gross: addMoney(currency, net, tax) };
}

/** Base totals of a credit note: converted at the invoice's rate, the note that completes the invoice takes exactly what is left. */
function creditBaseTotals(inv: InvoiceState, totals: Amounts, whole: boolean): Amounts {
  const base = inv.baseCurrency;
  const leftNet = subtractMoney(base, inv.baseTotals.net, inv.creditedBase.net);
  const leftTax = subtractMoney(base, inv.baseTotals.tax, inv.creditedBase.tax);
  if (whole) return { net: leftNet, tax: leftTax, gross: addMoney(base, leftNet, leftTax) };
  const converted = baseAmounts(totals, inv.exchangeRate, base);
  const net = minMoney(converted.net, leftNet);
  const tax = minMoney(converted.tax, leftTax);
  return { net, tax, gross: addMoney(base, net, tax) };
}

function subtractMoney(currency: string, a: Money, b: Money): Money {
  return roundMoney(new DecimalMath(a).minus(b), currency);
}

function minMoney(a: Money, b: Money): Money {
  return new DecimalMath(a).lte(b) ? a : b;
}
