import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../domain/shared/domain-error';
import { Quantity } from '../../domain/shared/quantity';
import { orderStream } from '../../domain/sales-order/events';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext, receivedDay } from '../shared/command-context';
import { CreditNoteFlow, IssuedCreditNote, PostedCreditNote } from './credit-note-flow';
import { IssuedInvoices } from './issued-invoices';
import { findOrderEvent } from './stored-order-event';

/** The credit note as api.md shows it, with how it settled the invoice (`applied`) and what became credit (`toCredit`). */
export function creditNoteView(note: IssuedCreditNote, number: string, posted: PostedCreditNote | null, position: string) {
  return {
    id: note.creditNoteId,
    number,
    invoiceId: note.invoiceId,
    orderId: note.orderId,
    customerId: note.customerId,
    currency: note.currency,
    creditDate: note.creditDate,
    reason: note.reason,
    reopenBilling: note.reopenBilling,
    lines: note.lines,
    totals: note.totals,
    exchangeRate: note.exchangeRate,
    baseCurrency: note.baseCurrency,
    baseTotals: note.baseTotals,
    applied: posted?.applied ?? null,
    toCredit: posted?.toCredit ?? null,
    position,
  };
}
export type CreditNoteView = ReturnType<typeof creditNoteView>;

export class IssueCreditNote {
  constructor(
    readonly invoiceId: string,
    readonly creditNoteId: string,
    readonly lines: { lineId: string; quantity: Quantity }[],
    readonly reason: string,
    readonly reopenBilling: boolean,
    /** ISO date; the day the command was received (UTC) when absent. */
    readonly creditDate: string | undefined,
    readonly context: CommandContext,
  ) {}
}

/**
 * Issues the credit note on the invoice's order (where "never more than invoiced and not yet credited"
 * and `reopenBilling` live), then numbers it and posts it to the customer's account (credit-note-flow.ts).
 */
@CommandHandler(IssueCreditNote)
export class IssueCreditNoteHandler implements ICommandHandler<IssueCreditNote, CreditNoteView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly invoices: IssuedInvoices,
    private readonly flow: CreditNoteFlow,
  ) {}

  async execute({ invoiceId, creditNoteId, lines, reason, reopenBilling, creditDate, context }: IssueCreditNote): Promise<CreditNoteView> {
    const found = await this.invoices.find(invoiceId);
    if (!found) throw new NotFoundError('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`);
    const { orderId } = found.invoice;
    const result = await this.aggregates.execute(
      orderDecider,
      orderStream(orderId),
      {
        type: 'IssueCreditNote',
        data: { orderId, invoiceId, creditNoteId, lines, reason, reopenBilling, creditDate: creditDate ?? receivedDay(context) },
      },
      context,
    );
    const issued = result.appended.find((e) => e.type === 'CreditNoteIssued');
    if (!issued) throw new Error(`Credit note ${creditNoteId} was not issued`);
    const note = issued.data as IssuedCreditNote;
    const completed = await this.flow.complete(note, context);
    return creditNoteView(note, completed.number, completed.posted, completed.position);
  }
}

export class GetCreditNote {
  constructor(readonly creditNoteId: string) {}
}

@QueryHandler(GetCreditNote)
export class GetCreditNoteHandler implements IQueryHandler<GetCreditNote, CreditNoteView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly flow: CreditNoteFlow,
  ) {}

  async execute({ creditNoteId }: GetCreditNote): Promise<CreditNoteView> {
    const found = await this.flow.find(creditNoteId);
    if (!found) throw new NotFoundError('CREDIT_NOTE_NOT_FOUND', `No credit note ${creditNoteId}`);
    const { events } = await this.aggregates.load(orderDecider, orderStream(found.orderId));
    const issued = findOrderEvent(events, 'CreditNoteIssued', (data) => data.creditNoteId === creditNoteId);
    if (!issued) throw new NotFoundError('CREDIT_NOTE_NOT_FOUND', `No credit note ${creditNoteId}`);
    return creditNoteView(issued.data, found.number, found.posted, found.position);
  }
}
