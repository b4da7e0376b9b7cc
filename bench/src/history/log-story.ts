import { randomUUID } from 'node:crypto';
import type { EventMetadata, ExpectedVersion, NewEvent } from '@ledgerline/event-store/port';

/**
 * One step of a story, in the order the app would write it:
 * - `append`: events of one stream, with the exact version the stream had before (generation knows every
 *   version, since each story owns its streams);
 * - `number-invoice`: what InvoiceNumbering does after an invoice is issued (ADR 0005): claim the year's next
 *   number in `invoiceNumbers-<year>`, then record it as `InvoiceNumbered` on `invoice-<id>`. The year stream
 *   is shared by every story, so the number is only known when the step runs (invoice-number-lane.ts).
 */
export type LogStep =
  | { kind: 'append'; streamId: string; events: NewEvent[]; expected: ExpectedVersion }
  | { kind: 'number-invoice'; invoiceId: string; orderId: string; year: number; correlationId: string };

/** Steps run one after the other by one writer; stories run concurrently. */
export interface LogStory {
  steps: LogStep[];
  /** Events the steps append, numbering included (2 per invoice). */
  events: number;
}

export const EVENTS_PER_NUMBERING = 2;

export function storyOf(steps: LogStep[]): LogStory {
  const events = steps.reduce((n, step) => n + (step.kind === 'append' ? step.events.length : EVENTS_PER_NUMBERING), 0);
  return { steps, events };
}

const ACTOR = 'bench:projections';

/** Metadata as eventMetadata() writes it for a command of one request (libs/application/shared/command-context.ts). */
export function commandMetadata(command: string, correlationId: string): EventMetadata {
  return { actor: ACTOR, correlationId, causationId: correlationId, command, schemaVersion: 1 };
}

export function newEvent(event: { type: string; data: object }, metadata: EventMetadata): NewEvent {
  return { id: randomUUID(), type: event.type, data: event.data as NewEvent['data'], metadata };
}

/**
 * Collects one stream's events into appends of several events each (the bench appends quickly: a command
 * is one append in the app, here consecutive commands share one), and knows the stream's version.
 */
export class StreamAppends {
  private pending: NewEvent[] = [];

  /** `version`: the stream's version before this story (-1: the story creates it). */
  constructor(
    readonly streamId: string,
    private readonly steps: LogStep[],
    private readonly maxEventsPerAppend: number,
    private version = -1,
  ) {}

  add(event: NewEvent): void {
    this.pending.push(event);
    if (this.pending.length >= this.maxEventsPerAppend) this.flush();
  }

  /** Ends the current append: before another stream's step, so the log keeps the app's causal order. */
  flush(): void {
    if (this.pending.length === 0) return;
    this.steps.push({ kind: 'append', streamId: this.streamId, events: this.pending, expected: this.version < 0 ? 'no_stream' : this.version });
    this.version += this.pending.length;
    this.pending = [];
  }
}
