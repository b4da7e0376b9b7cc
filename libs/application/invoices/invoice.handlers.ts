import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../domain/shared/domain-error';
import { roundMoney } from '../../domain/shared/money';
import { Quantity } from '../../domain/shared/quantity';
import { OrderEvent, orderStream } from '../../domain/sales-order/events';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';
import { Lookups } from '../shared/lookups';
import { InvoiceNumbering } from './invoice-numbering';

type IssuedInvoice = Extract<OrderEvent, { type: 'InvoiceIssued' }>['data'];

/** The invoice as api.md shows it. Payments arrive with issue 5: until then nothing is paid. */
export function invoiceView(invoice: IssuedInvoice, number: string, position: string, today: string) {
  const paid = roundMoney(0, invoice.currency);
  return {
    id: invoice.invoiceId,
    number,
    orderId: invoice.orderId,
    customerId: invoice.customerId,
    currency: invoice.currency,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    lines: invoice.lines,
    totals: invoice.totals,
    paid,
    outstanding: invoice.totals.gross,
    status: 'open' as const,
    overdue: today > invoice.dueDate,
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
    readonly context: CommandContext,
  ) {}
}

/**
 * Issues the invoice on the order (where the over-invoicing rules live), then gives it its number
 * (docs/adr/0005-invoice-numbering.md).
 */
@CommandHandler(InvoiceOrderLines)
export class InvoiceOrderLinesHandler implements ICommandHandler<InvoiceOrderLines, InvoiceView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
    private readonly numbering: InvoiceNumbering,
  ) {}

  async execute({ orderId, invoiceId, lines, invoiceDate, context }: InvoiceOrderLines): Promise<InvoiceView> {
    const { state } = await this.aggregates.load(orderDecider, orderStream(orderId));
    if (state.status === 'none') throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
    const customer = await this.lookups.customer(state.customerId);
    const date = invoiceDate ?? context.receivedAt.toISOString().slice(0, 10);
    const result = await this.aggregates.execute(
      orderDecider,
      orderStream(orderId),
      { type: 'InvoiceLines', data: { orderId, invoiceId, lines, invoiceDate: date, customer } },
      context,
    );
    const issued = result.appended.find((e) => e.type === 'InvoiceIssued');
    if (!issued) throw new Error(`Invoice ${invoiceId} was not issued`);
    const invoice = issued.data as IssuedInvoice;
    const { number, position } = await this.numbering.assign(invoice, context);
    return invoiceView(invoice, number, position, date);
  }
}

export class GetInvoice {
  constructor(
    readonly invoiceId: string,
    readonly today: string,
  ) {}
}

/** From the log: the invoice's own stream names its order and number; the order holds its lines. */
@QueryHandler(GetInvoice)
export class GetInvoiceHandler implements IQueryHandler<GetInvoice, InvoiceView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly numbering: InvoiceNumbering,
  ) {}

  async execute({ invoiceId, today }: GetInvoice): Promise<InvoiceView> {
    const record = await this.numbering.numberOf(invoiceId);
    if (!record) throw new NotFoundError('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`);
    const { events } = await this.aggregates.load(orderDecider, orderStream(record.orderId));
    const issued = events.find((e) => e.type === 'InvoiceIssued' && e.data.invoiceId === invoiceId);
    if (!issued) throw new NotFoundError('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`);
    return invoiceView(issued.data as unknown as IssuedInvoice, record.number, issued.position, today);
  }
}
