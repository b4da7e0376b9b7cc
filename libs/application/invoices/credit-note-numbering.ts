import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '../../event-store/port';
import { CreditNoteRecordEvent, creditNoteNumberDecider, creditNoteNumberStream, creditNoteStream } from '../../domain/invoice/credit-note-number';
import { CommandContext } from '../shared/command-context';
import { EVENT_STORE } from '../shared/tokens';
import { DocumentNumbering, NumberingConfig } from './document-numbering';

/** Credit note numbers (`CN-2026-000001`): `creditNoteNumbers-<year>`, recorded by `CreditNoteNumbered` on `creditNote-<id>`. */
@Injectable()
export class CreditNoteNumbering {
  private readonly numbering: DocumentNumbering;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.numbering = new DocumentNumbering(store, {
      decider: creditNoteNumberDecider as unknown as NumberingConfig['decider'],
      commandType: 'AssignCreditNoteNumber',
      numberStream: creditNoteNumberStream,
      recordStream: creditNoteStream,
      recordType: 'CreditNoteNumbered',
      idField: 'creditNoteId',
    });
  }

  async numberOf(creditNoteId: string): Promise<(CreditNoteRecordEvent['data'] & { position: string }) | null> {
    return (await this.numbering.numberOf(creditNoteId)) as (CreditNoteRecordEvent['data'] & { position: string }) | null;
  }

  assign(note: { creditNoteId: string; invoiceId: string; orderId: string; creditDate: string }, context: CommandContext): Promise<{ number: string; position: string }> {
    return this.numbering.assign(note.creditNoteId, note.creditDate, { invoiceId: note.invoiceId, orderId: note.orderId }, context);
  }
}
