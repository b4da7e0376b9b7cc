import {
  InvoiceNumberState,
  invoiceNumberDecider,
  invoiceNumberStream,
  InvoiceRecordEvent,
  invoiceStream,
} from '@ledgerline/domain/invoice/invoice-number';
import type { EventStore, NewEvent } from '@ledgerline/event-store/port';
import { commandMetadata, newEvent } from './log-story';

interface Claim {
  event: NewEvent;
  number: string;
  resolve(number: string): void;
  reject(error: unknown): void;
}

interface YearSequence {
  state: InvoiceNumberState;
  /** Version of `invoiceNumbers-<year>` once every queued claim is appended. */
  version: number;
  queue: Claim[];
  draining?: Promise<void>;
}

/** Claims appended together: the year stream is one hot stream, so it is written in batches. */
const MAX_CLAIMS_PER_APPEND = 50;

/**
 * Invoice numbering as InvoiceNumbering does it (ADR 0005), for many concurrent writers of one process:
 * the year's next number is claimed in `invoiceNumbers-<year>` (the n-th event is number n), then recorded
 * as `InvoiceNumbered` on `invoice-<id>`. All writers share the year stream, so instead of racing for its
 * version (and retrying, as the app does across processes) they queue their claims here, and one loop
 * per year appends the queue in order with the exact expected version.
 */
export class InvoiceNumberLane {
  private readonly years = new Map<number, YearSequence>();

  constructor(private readonly store: EventStore) {}

  /** Numbers the invoice; resolves once both events are appended. Returns the events appended (2). */
  async number(invoice: { invoiceId: string; orderId: string; year: number; correlationId: string }): Promise<number> {
    const number = await this.claim(invoice);
    const record: InvoiceRecordEvent = { type: 'InvoiceNumbered', data: { invoiceId: invoice.invoiceId, orderId: invoice.orderId, number, year: invoice.year } };
    await this.store.append(invoiceStream(invoice.invoiceId), [newEvent(record, commandMetadata('AssignInvoiceNumber', invoice.correlationId))], 'no_stream');
    return 2;
  }

  private claim(invoice: { invoiceId: string; orderId: string; year: number; correlationId: string }): Promise<string> {
    const year = this.yearOf(invoice.year);
    const command = { type: 'AssignInvoiceNumber', data: { year: invoice.year, invoiceId: invoice.invoiceId, orderId: invoice.orderId } } as const;
    // Decided when queued: the queue order is the number order.
    const [event] = invoiceNumberDecider.decide(command, year.state);
    year.state = invoiceNumberDecider.evolve(year.state, event);
    return new Promise<string>((resolve, reject) => {
      year.queue.push({ event: newEvent(event, commandMetadata(command.type, invoice.correlationId)), number: event.data.number, resolve, reject });
      year.draining ??= this.drain(invoice.year, year);
    });
  }

  private async drain(yearNumber: number, year: YearSequence): Promise<void> {
    while (year.queue.length > 0) {
      const batch = year.queue.splice(0, MAX_CLAIMS_PER_APPEND);
      try {
        const result = await this.store.append(
          invoiceNumberStream(yearNumber),
          batch.map((c) => c.event),
          year.version < 0 ? 'no_stream' : year.version,
        );
        year.version = result.version;
        batch.forEach((c) => c.resolve(c.number));
      } catch (error) {
        // The sequence is broken from here on: fail every claim still waiting too.
        for (const claim of [...batch, ...year.queue.splice(0)]) claim.reject(error);
      }
    }
    // In the same synchronous stretch as the last look at the queue: a claim queued after it starts a new loop.
    year.draining = undefined;
  }

  private yearOf(year: number): YearSequence {
    let sequence = this.years.get(year);
    if (!sequence) {
      sequence = { state: invoiceNumberDecider.initialState, version: -1, queue: [] };
      this.years.set(year, sequence);
    }
    return sequence;
  }
}
