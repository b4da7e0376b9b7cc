import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, JsonObject } from '../../event-store/port';
import { VersionConflictError } from '../../event-store/port';
import { CREDIT_NOTE_SERIES, creditNoteNumberStream, creditNoteStream } from '../../domain/invoice/credit-note-number';
import { INVOICE_SERIES, invoiceNumberStream, invoiceStream } from '../../domain/invoice/invoice-number';
import { Decider } from '../../domain/shared/decider';
import { AssignNumber, NumberAssigned, NumberSeries, NumberSeriesState, SeriesIds, numberSeriesDecider } from '../../domain/invoice/number-series';
import { CommandContext, newEvents } from '../shared/command-context';
import { ConcurrencyExhaustedError } from '../shared/application-errors';
import { EVENT_STORE } from '../shared/tokens';

type Ids = Record<string, string>;

/** How one kind of document is numbered: its series, the streams and record event it uses, and what of the document the number records. */
export interface DocumentKind<IdField extends string, Refs extends Ids, Document> {
  series: NumberSeries<IdField, Refs>;
  numberStream: (year: number) => string;
  recordStream: (documentId: string) => string;
  recordType: string;
  /** The ids the number records and the date whose year's series numbers the document. */
  numbered: (document: Document) => { ids: SeriesIds<IdField, Refs>; date: string };
}

/** What a document's record says: its number and the ids it names, and the position of that record. */
export type NumberRecord<IdField extends string, Refs extends Ids> = SeriesIds<IdField, Refs> & { number: string; year: number; position: string };

interface YearCache {
  version: number;
  state: NumberSeriesState;
}

const MAX_ATTEMPTS = 50;

interface QueuedClaim<IdField extends string, Refs extends Ids> {
  documentId: string;
  ids: SeriesIds<IdField, Refs>;
  context: CommandContext;
  resolve(number: string): void;
  reject(error: unknown): void;
}

/**
 * Gives an issued document its number (docs/adr/0005-invoice-numbering.md): claim the next number of the
 * document date's year in the series stream, then record it on the document's own stream. Every step is
 * idempotent, so the issuing request, a retry, and the sweeper that numbers documents a crash left
 * unnumbered can all run it for the same document and agree. Invoices and credit notes are its two kinds.
 */
export class DocumentNumbering<IdField extends string, Refs extends Ids, Document> {
  /** Each year's sequence, read forward incrementally: a year's stream is never re-read whole. */
  private readonly years = new Map<number, YearCache>();
  /** Per year, the claims waiting for the batch in flight, and the years with a batch in flight. */
  private readonly queued = new Map<number, QueuedClaim<IdField, Refs>[]>();
  private readonly claiming = new Set<number>();
  private readonly decider: Decider<NumberSeriesState, AssignNumber<IdField, Refs>, NumberAssigned<IdField, Refs>>;

  constructor(
    private readonly store: EventStore,
    private readonly kind: DocumentKind<IdField, Refs, Document>,
  ) {
    this.decider = numberSeriesDecider(kind.series);
  }

  async numberOf(documentId: string): Promise<NumberRecord<IdField, Refs> | null> {
    const [recorded] = await this.store.readStream(this.kind.recordStream(documentId));
    if (!recorded) return null;
    const { data } = recorded;
    if (!this.isRecord(data)) throw new Error(`${recorded.streamId}: ${recorded.type} ${recorded.id} is not a ${this.kind.recordType} record`);
    return { ...data, position: recorded.position };
  }

  /**
   * The document's number, and the position of the event that recorded it on the document: the position a
   * client waits for (`?after=`) to see the document numbered in the read models.
   */
  async assign(document: Document, context: CommandContext): Promise<{ number: string; position: string }> {
    const { ids, date } = this.kind.numbered(document);
    const documentId = ids[this.kind.series.idField];
    const known = await this.numberOf(documentId);
    if (known) return { number: known.number, position: known.position };
    const year = Number(date.slice(0, 4));
    const number = await this.claim(year, documentId, ids, context);
    try {
      const recordStream = this.kind.recordStream(documentId);
      const data: JsonObject = { ...ids, number, year };
      const { position } = await this.store.append(
        recordStream,
        newEvents(context, this.kind.series.commandType, recordStream, [{ type: this.kind.recordType, data }]),
        'no_stream',
      );
      return { number, position };
    } catch (error) {
      // Someone else recorded it first: the number is the same one, claimed once in the year's stream.
      if (!(error instanceof VersionConflictError)) throw error;
      const recorded = await this.numberOf(documentId);
      if (!recorded) throw error;
      return { number: recorded.number, position: recorded.position };
    }
  }

  /** The document's number in the year's series: claimed with the other claims of this process queued meanwhile. */
  private claim(year: number, documentId: string, ids: SeriesIds<IdField, Refs>, context: CommandContext): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const queue = this.queued.get(year) ?? [];
      queue.push({ documentId, ids, context, resolve, reject });
      this.queued.set(year, queue);
      if (!this.claiming.has(year)) void this.claimQueued(year);
    });
  }

  /**
   * A process claims a year's numbers one batch at a time, every claim that queued meanwhile in one append:
   * its own claims never race each other for the next number (one stream, one number after the other), and
   * another process's claims only cost a re-read of the stream's tail.
   */
  private async claimQueued(year: number): Promise<void> {
    this.claiming.add(year);
    try {
      for (let batch = this.queued.get(year); batch && batch.length > 0; batch = this.queued.get(year)) {
        this.queued.delete(year);
        await this.claimBatch(year, batch).then(
          (numbers) => batch!.forEach((claim) => claim.resolve(numbers.get(claim.documentId) as string)),
          (error: unknown) => batch!.forEach((claim) => claim.reject(error)),
        );
      }
    } finally {
      this.claiming.delete(year);
    }
  }

  private async claimBatch(year: number, claims: readonly QueuedClaim<IdField, Refs>[]): Promise<Map<string, string>> {
    const streamId = this.kind.numberStream(year);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const cache = await this.refresh(year);
      const numbers = new Map<string, string>();
      const events = [];
      // The decider reads the count and what is assigned; the batch's own numbers count on from the cache's.
      let count = cache.state.count;
      for (const { documentId, ids, context } of claims) {
        const already = cache.state.assigned.get(documentId) ?? numbers.get(documentId);
        if (already) {
          numbers.set(documentId, already);
          continue;
        }
        const command: AssignNumber<IdField, Refs> = { type: this.kind.series.commandType, data: { year, ...ids } };
        const [event] = this.decider.decide(command, { count, assigned: cache.state.assigned });
        count = event.data.sequence;
        numbers.set(documentId, event.data.number);
        events.push(...newEvents(context, command.type, streamId, [event]));
      }
      if (events.length === 0) return numbers;
      try {
        await this.store.append(streamId, events, cache.version === -1 ? 'no_stream' : cache.version);
        return numbers;
      } catch (error) {
        // Another process took these numbers: read on and try the next.
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new ConcurrencyExhaustedError(streamId, MAX_ATTEMPTS);
  }

  private async refresh(year: number): Promise<YearCache> {
    const cache = this.years.get(year) ?? { version: -1, state: this.decider.initialState };
    const events = await this.store.readStream(this.kind.numberStream(year), { fromVersion: cache.version + 1 });
    let { state } = cache;
    for (const { type, data, streamId, id } of events) {
      // The year stream holds only the series' assignments: anything else is a broken log, not a number to skip.
      if (type !== this.kind.series.assignedType || !this.isAssignment(data)) throw new Error(`${streamId}: ${type} ${id} is not a ${this.kind.series.assignedType}`);
      state = this.decider.evolve(state, { type, data });
    }
    const next = { version: cache.version + events.length, state };
    this.years.set(year, next);
    return next;
  }

  private isAssignment(data: JsonObject): data is JsonObject & NumberAssigned<IdField, Refs>['data'] {
    return typeof data.sequence === 'number' && typeof data.number === 'string' && typeof data.year === 'number' && this.hasIds(data);
  }

  private isRecord(data: JsonObject): data is JsonObject & SeriesIds<IdField, Refs> & { number: string; year: number } {
    return typeof data.number === 'string' && typeof data.year === 'number' && this.hasIds(data);
  }

  private hasIds(data: JsonObject): data is JsonObject & SeriesIds<IdField, Refs> {
    const { idField, refFields } = this.kind.series;
    return [idField, ...refFields].every((field) => typeof data[field] === 'string');
  }
}

type InvoiceToNumber = { invoiceId: string; orderId: string; invoiceDate: string };
type CreditNoteToNumber = { creditNoteId: string; invoiceId: string; orderId: string; creditDate: string };

/** Invoice numbers (`INV-2026-000001`): `invoiceNumbers-<year>`, recorded by `InvoiceNumbered` on `invoice-<id>`. */
@Injectable()
export class InvoiceNumbering extends DocumentNumbering<'invoiceId', { orderId: string }, InvoiceToNumber> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, {
      series: INVOICE_SERIES,
      numberStream: invoiceNumberStream,
      recordStream: invoiceStream,
      recordType: 'InvoiceNumbered',
      numbered: ({ invoiceId, orderId, invoiceDate }) => ({ ids: { invoiceId, orderId }, date: invoiceDate }),
    });
  }
}

/** Credit note numbers (`CN-2026-000001`): `creditNoteNumbers-<year>`, recorded by `CreditNoteNumbered` on `creditNote-<id>`. */
@Injectable()
export class CreditNoteNumbering extends DocumentNumbering<'creditNoteId', { invoiceId: string; orderId: string }, CreditNoteToNumber> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, {
      series: CREDIT_NOTE_SERIES,
      numberStream: creditNoteNumberStream,
      recordStream: creditNoteStream,
      recordType: 'CreditNoteNumbered',
      numbered: ({ creditNoteId, invoiceId, orderId, creditDate }) => ({ ids: { creditNoteId, invoiceId, orderId }, date: creditDate }),
    });
  }
}
