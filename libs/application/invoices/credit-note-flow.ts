import { Injectable } from '@nestjs/common';
import { customerAccountDecider } from '../../domain/customer-account/customer-account';
import { CustomerAccountEvent, customerAccountStream } from '../../domain/customer-account/events';
import { NotFoundError } from '../../domain/shared/domain-error';
import { OrderEvent } from '../../domain/sales-order/events';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';
import { CreditNoteNumbering } from './document-numbering';
import { IssuedInvoices } from './issued-invoices';

export type IssuedCreditNote = Extract<OrderEvent, { type: 'CreditNoteIssued' }>['data'];
export type PostedCreditNote = Extract<CustomerAccountEvent, { type: 'CreditNotePosted' }>['data'];

export interface CompletedCreditNote {
  number: string;
  posted: PostedCreditNote;
  /** The later of the numbering's and the posting's positions: what `?after=` waits for. */
  position: string;
}

/**
 * What follows a `CreditNoteIssued` on the order (ADR 0007): its gap-free number (ADR 0005), then its
 * money effect on the customer's account (`CreditNotePosted`). Both steps are idempotent, so the issuing
 * request, a retry and the sweeper that completes what a crash interrupted all agree.
 */
@Injectable()
export class CreditNoteFlow {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly numbering: CreditNoteNumbering,
    private readonly invoices: IssuedInvoices,
  ) {}

  async complete(note: IssuedCreditNote, context: CommandContext): Promise<CompletedCreditNote> {
    const numbered = await this.numbering.assign(note, context);
    const found = await this.invoices.find(note.invoiceId);
    if (!found) throw new NotFoundError('INVOICE_NOT_FOUND', `No invoice ${note.invoiceId}`);
    const result = await this.aggregates.execute(
      customerAccountDecider,
      customerAccountStream(note.customerId),
      {
        type: 'PostCreditNote',
        data: { creditNoteId: note.creditNoteId, customerId: note.customerId, invoice: found.facts, creditDate: note.creditDate, totals: note.totals, baseTotals: note.baseTotals },
      },
      context,
    );
    const appended = result.appended.find((e) => e.type === 'CreditNotePosted');
    // Posted before (the account decided nothing): the account's own event says how.
    const earlier = appended ? undefined : await this.postedEvent(note.customerId, note.creditNoteId);
    const posted = (appended?.data ?? earlier?.data) as PostedCreditNote | undefined;
    if (!posted) throw new Error(`Credit note ${note.creditNoteId} was not posted`);
    const postedPosition = appended ? result.position : (earlier?.position ?? result.position);
    return { number: numbered.number, posted, position: postedPosition > numbered.position ? postedPosition : numbered.position };
  }

  async find(creditNoteId: string): Promise<{ number: string; orderId: string; posted: PostedCreditNote | null; position: string } | null> {
    const record = await this.numbering.numberOf(creditNoteId);
    if (!record) return null;
    const posted = await this.postedEvent(await this.customerOf(record.invoiceId), creditNoteId);
    return { number: record.number, orderId: record.orderId, posted: (posted?.data as PostedCreditNote | undefined) ?? null, position: posted?.position ?? record.position };
  }

  private async postedEvent(customerId: string, creditNoteId: string) {
    const account = await this.aggregates.load(customerAccountDecider, customerAccountStream(customerId));
    return account.events.find((e) => e.type === 'CreditNotePosted' && e.data.creditNoteId === creditNoteId);
  }

  private async customerOf(invoiceId: string): Promise<string> {
    const found = await this.invoices.find(invoiceId);
    if (!found) throw new NotFoundError('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`);
    return found.invoice.customerId;
  }
}
