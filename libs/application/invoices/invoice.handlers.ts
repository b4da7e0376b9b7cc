import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { customerAccountDecider, invoiceSettlement } from '../../domain/customer-account/customer-account';
import { customerAccountStream } from '../../domain/customer-account/events';
import { NotFoundError } from '../../domain/shared/domain-error';
import { DecimalMath, roundMoney } from '../../domain/shared/money';
import { Quantity } from '../../domain/shared/quantity';
import { orderStream } from '../../domain/sales-order/events';
import type { OrderCommand } from '../../domain/sales-order/commands';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext, receivedDay } from '../shared/command-context';
import { Lookups } from '../shared/lookups';
import { InvoiceNumbering } from './document-numbering';
import { IssuedInvoice, IssuedInvoices, invoiceFacts } from './issued-invoices';

export type InvoiceStatus = 'open' | 'partially_paid' | 'paid';

/** What has settled the invoice so far, from the customer's account (ADR 0007). */
export interface InvoiceSettlement {
  paid: string;
  credited: string;
}

/**
 * The invoice as api.md shows it. `status` (domain.md "Payments"): `paid` when nothing is left to
 * collect, `partially_paid` when something was paid and something is left, otherwise `open`; `overdue`
 * when something is left past the due date.
 */
export function invoiceView(invoice: IssuedInvoice, number: string, position: string, today: string, settled?: InvoiceSettlement) {
  const { currency } = invoice;
  const facts = invoiceFacts(invoice, number);
  const paid = roundMoney(settled?.paid ?? 0, currency);
  const credited = roundMoney(settled?.credited ?? 0, currency);
  const left = new DecimalMath(invoice.totals.gross).minus(paid).minus(credited);
  const outstanding = roundMoney(left, currency);
  const status: InvoiceStatus = left.lte(0) ? 'paid' : new DecimalMath(paid).gt(0) ? 'partially_paid' : 'open';
  return {
    id: invoice.invoiceId,
    number,
    orderId: invoice.orderId,
    customerId: invoice.customerId,
    currency,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    lines: invoice.lines,
    totals: invoice.totals,
    exchangeRate: facts.exchangeRate,
    baseCurrency: facts.baseCurrency,
    baseTotals: invoice.baseTotals,
    paid,
    credited,
    outstanding,
    status,
    overdue: left.gt(0) && today > invoice.dueDate,
    position,
  };
}
export type InvoiceView = ReturnType<typeof invoiceView>;

export class InvoiceOrderLines {
  constructor(
    readonly orderId: string,
    readonly invoiceId: string,
    readonly lines: { lineId: string; quantity: Quantity }[],
    /** ISO date; the day the command was received (UTC) when absent. */
    readonly invoiceDate: string | undefined,
    /** The invoice's rate to the base currency; the order's when absent. */
    readonly exchangeRate: string | undefined,
    readonly baseCurrency: string,
    readonly context: CommandContext,
  ) {}
}

/**
 * Issues the invoice on the order (where the over-invoicing rules live), then gives it its number
 * (docs/adr/0005-invoice-numbering.md). A retry of a command that issued its invoice finds it on the order
 * (ADR 0011) and completes or reads the number: both steps are safe to repeat.
 */
@CommandHandler(InvoiceOrderLines)
export class InvoiceOrderLinesHandler implements ICommandHandler<InvoiceOrderLines, InvoiceView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
    private readonly numbering: InvoiceNumbering,
  ) {}

  async execute({ orderId, invoiceId, lines, invoiceDate, exchangeRate, baseCurrency, context }: InvoiceOrderLines): Promise<InvoiceView> {
    const date = invoiceDate ?? receivedDay(context);
    const result = await this.aggregates.execute(
      orderDecider,
      orderStream(orderId),
      async ({ state }): Promise<OrderCommand> => {
        if (state.status === 'none') throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
        const customer = await this.lookups.customer(state.customerId);
        return {
          type: 'InvoiceLines',
          data: { orderId, invoiceId, lines, invoiceDate: date, customer, baseCurrency, ...(exchangeRate === undefined ? {} : { exchangeRate }) },
        };
      },
      context,
    );
    const issued = result.appended.find((e) => e.type === 'InvoiceIssued');
    if (!issued) throw new Error(`Invoice ${invoiceId} was not issued`);
    const invoice = issued.data as IssuedInvoice;
    const { number, position } = await this.numbering.assign(invoice, context);
    // As of the invoice date, not of today: a retry answers as the first attempt did.
    return invoiceView(invoice, number, position, invoice.invoiceDate);
  }
}

export class GetInvoice {
  constructor(
    readonly invoiceId: string,
    readonly today: string,
  ) {}
}

/** From the log: the invoice from its order, what settled it from the customer's account. */
@QueryHandler(GetInvoice)
export class GetInvoiceHandler implements IQueryHandler<GetInvoice, InvoiceView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly invoices: IssuedInvoices,
  ) {}

  async execute({ invoiceId, today }: GetInvoice): Promise<InvoiceView> {
    const found = await this.invoices.find(invoiceId);
    if (!found) throw new NotFoundError('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`);
    const { state } = await this.aggregates.load(customerAccountDecider, customerAccountStream(found.invoice.customerId));
    return invoiceView(found.invoice, found.number, found.issuedPosition, today, invoiceSettlement(state, invoiceId, found.facts));
  }
}
