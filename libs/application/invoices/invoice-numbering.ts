import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '../../event-store/port';
import { VersionConflictError } from '../../event-store/port';
import {
  InvoiceNumberEvent,
  InvoiceNumberState,
  InvoiceRecordEvent,
  invoiceNumberDecider,
  invoiceNumberStream,
  invoiceStream,
} from '../../domain/invoice/invoice-number';
import { CommandContext, eventMetadata } from '../shared/command-context';
import { ConcurrencyExhaustedError } from '../shared/application-errors';
import { EVENT_STORE } from '../shared/tokens';

interface YearCache {
  version: number;
  state: InvoiceNumberState;
}

const MAX_ATTEMPTS = 50;

/**
 * Gives an issued invoice its number (docs/adr/0005-invoice-numbering.md): claim the next number of the
 * invoice date's year in `invoiceNumbers-<year>`, then record it on `invoice-<id>`. Every step is
 * idempotent, so the issuing request, a retry, and the sweeper that numbers invoices a crash left
 * unnumbered can all run it for the same invoice and agree.
 */
@Injectable()
export class InvoiceNumbering {
  /** Each year's sequence, read forward incrementally: a year's stream is never re-read whole. */
  private readonly years = new Map<number, YearCache>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async numberOf(invoiceId: string): Promise<(InvoiceRecordEvent['data'] & { position: string }) | null> {
    const [recorded] = await this.store.readStream(invoiceStream(invoiceId));
    return recorded ? { ...(recorded.data as unknown as InvoiceRecordEvent['data']), position: recorded.position } : null;
  }

  /**
   * The invoice's number, and the position of the event that recorded it on the invoice: the position a
   * client waits for (`?after=`) to see the invoice numbered in the read models.
   */
  async assign(invoice: { invoiceId: string; orderId: string; invoiceDate: string }, context: CommandContext): Promise<{ number: string; position: string }> {
    const known = await this.numberOf(invoice.invoiceId);
    if (known) return { number: known.number, position: known.position };
    const year = Number(invoice.invoiceDate.slice(0, 4));
    const number = await this.claim(year, invoice, context);
    const record: InvoiceRecordEvent = { type: 'InvoiceNumbered', data: { invoiceId: invoice.invoiceId, orderId: invoice.orderId, number, year } };
    try {
      const { position } = await this.store.append(
        invoiceStream(invoice.invoiceId),
        [{ type: record.type, data: record.data, metadata: eventMetadata(context, 'AssignInvoiceNumber', record.type) }],
        'no_stream',
      );
      return { number, position };
    } catch (error) {
      // Someone else recorded it first: the number is the same one, claimed once in the year's stream.
      if (!(error instanceof VersionConflictError)) throw error;
      const recorded = await this.numberOf(invoice.invoiceId);
      if (!recorded) throw error;
      return { number: recorded.number, position: recorded.position };
    }
  }

  private async claim(year: number, invoice: { invoiceId: string; orderId: string }, context: CommandContext): Promise<string> {
    const streamId = invoiceNumberStream(year);
    const command = { type: 'AssignInvoiceNumber', data: { year, invoiceId: invoice.invoiceId, orderId: invoice.orderId } } as const;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const cache = await this.refresh(year);
      const already = cache.state.assigned.get(invoice.invoiceId);
      if (already) return already;
      const [event] = invoiceNumberDecider.decide(command, cache.state);
      try {
        await this.store.append(
          streamId,
          [{ type: event.type, data: event.data, metadata: eventMetadata(context, command.type, event.type) }],
          cache.version === -1 ? 'no_stream' : cache.version,
        );
        return event.data.number;
      } catch (error) {
        // Another invoice took this number: read on and try the next.
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new ConcurrencyExhaustedError(streamId, MAX_ATTEMPTS);
  }

  private async refresh(year: number): Promise<YearCache> {
    const cache = this.years.get(year) ?? { version: -1, state: invoiceNumberDecider.initialState };
    const events = await this.store.readStream(invoiceNumberStream(year), { fromVersion: cache.version + 1 });
    let { state } = cache;
    for (const event of events) {
      state = invoiceNumberDecider.evolve(state, { type: 'InvoiceNumberAssigned', data: event.data as InvoiceNumberEvent['data'] });
    }
    const next = { version: cache.version + events.length, state };
    this.years.set(year, next);
    return next;
  }
}
