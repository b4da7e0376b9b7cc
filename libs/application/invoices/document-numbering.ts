import type { EventStore, JsonObject } from '../../event-store/port';
import { VersionConflictError } from '../../event-store/port';
import { Decider } from '../../domain/shared/decider';
import { NumberSeriesState } from '../../domain/invoice/number-series';
import { CommandContext, newEvents } from '../shared/command-context';
import { ConcurrencyExhaustedError } from '../shared/application-errors';

interface YearCache {
  version: number;
  state: NumberSeriesState;
}

type Assigned = { type: string; data: { number: string } };
type Assign = { type: string; data: { year: number } };

/** How one kind of document is numbered: its series decider and the streams and events it uses. */
export interface NumberingConfig {
  decider: Decider<NumberSeriesState, Assign, Assigned>;
  commandType: string;
  numberStream: (year: number) => string;
  recordStream: (documentId: string) => string;
  recordType: string;
  idField: string;
}

/** What a document's record says: its number and the ids it names, and the position of that record. */
export type NumberRecord = { number: string; year: number; position: string } & Record<string, unknown>;

const MAX_ATTEMPTS = 50;

/**
 * Gives an issued document its number (docs/adr/0005-invoice-numbering.md): claim the next number of the
 * document date's year in the series stream, then record it on the document's own stream. Every step is
 * idempotent, so the issuing request, a retry, and the sweeper that numbers documents a crash left
 * unnumbered can all run it for the same document and agree.
 */
export class DocumentNumbering {
  /** Each year's sequence, read forward incrementally: a year's stream is never re-read whole. */
  private readonly years = new Map<number, YearCache>();

  constructor(
    private readonly store: EventStore,
    private readonly config: NumberingConfig,
  ) {}

  async numberOf(documentId: string): Promise<NumberRecord | null> {
    const [recorded] = await this.store.readStream(this.config.recordStream(documentId));
    return recorded ? ({ ...recorded.data, position: recorded.position } as NumberRecord) : null;
  }

  /**
   * The document's number, and the position of the event that recorded it on the document: the position a
   * client waits for (`?after=`) to see the document numbered in the read models. `refs` are the other
   * ids the number records (the invoice's order, a credit note's invoice and order).
   */
  async assign(documentId: string, date: string, refs: Record<string, string>, context: CommandContext): Promise<{ number: string; position: string }> {
    const known = await this.numberOf(documentId);
    if (known) return { number: known.number, position: known.position };
    const year = Number(date.slice(0, 4));
    const ids = { [this.config.idField]: documentId, ...refs };
    const number = await this.claim(year, ids, context);
    try {
      const recordStream = this.config.recordStream(documentId);
      const { position } = await this.store.append(
        recordStream,
        newEvents(context, this.config.commandType, recordStream, [{ type: this.config.recordType, data: { ...ids, number, year } as JsonObject }]),
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

  private async claim(year: number, ids: Record<string, string>, context: CommandContext): Promise<string> {
    const streamId = this.config.numberStream(year);
    const documentId = ids[this.config.idField];
    const command = { type: this.config.commandType, data: { year, ...ids } };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const cache = await this.refresh(year);
      const already = cache.state.assigned.get(documentId);
      if (already) return already;
      const [event] = this.config.decider.decide(command, cache.state);
      try {
        await this.store.append(streamId, newEvents(context, command.type, streamId, [event]), cache.version === -1 ? 'no_stream' : cache.version);
        return event.data.number;
      } catch (error) {
        // Another document took this number: read on and try the next.
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new ConcurrencyExhaustedError(streamId, MAX_ATTEMPTS);
  }

  private async refresh(year: number): Promise<YearCache> {
    const cache = this.years.get(year) ?? { version: -1, state: this.config.decider.initialState };
    const events = await this.store.readStream(this.config.numberStream(year), { fromVersion: cache.version + 1 });
    let { state } = cache;
    for (const event of events) state = this.config.decider.evolve(state, { type: event.type, data: event.data as unknown as Assigned['data'] });
    const next = { version: cache.version + events.length, state };
    this.years.set(year, next);
    return next;
  }
}
