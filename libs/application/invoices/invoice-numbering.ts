import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '../../event-store/port';
import { InvoiceRecordEvent, invoiceNumberDecider, invoiceNumberStream, invoiceStream } from '../../domain/invoice/invoice-number';
import { CommandContext } from '../shared/command-context';
import { EVENT_STORE } from '../shared/tokens';
import { DocumentNumbering, NumberingConfig } from './document-numbering';

/** Invoice numbers (`INV-2026-000001`): `invoiceNumbers-<year>`, recorded by `InvoiceNumbered` on `invoice-<id>`. */
@Injectable()
export class InvoiceNumbering {
  private readonly numbering: DocumentNumbering;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.numbering = new DocumentNumbering(store, {
      decider: invoiceNumberDecider as unknown as NumberingConfig['decider'],
      commandType: 'AssignInvoiceNumber',
      numberStream: invoiceNumberStream,
      recordStream: invoiceStream,
      recordType: 'InvoiceNumbered',
      idField: 'invoiceId',
    });
  }

  async numberOf(invoiceId: string): Promise<(InvoiceRecordEvent['data'] & { position: string }) | null> {
    return (await this.numbering.numberOf(invoiceId)) as (InvoiceRecordEvent['data'] & { position: string }) | null;
  }

  assign(invoice: { invoiceId: string; orderId: string; invoiceDate: string }, context: CommandContext): Promise<{ number: string; position: string }> {
    return this.numbering.assign(invoice.invoiceId, invoice.invoiceDate, { orderId: invoice.orderId }, context);
  }
}
