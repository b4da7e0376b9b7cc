import { randomUUID } from 'node:crypto';
import { followLog } from '../follow-log';
import { chainHashes, linkAfter } from '../hash-chain';
import {
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedStream,
  START,
  StoredEvent,
  SubscribeOptions,
  VersionConflictError,
  matchesFilter,
} from '../port';
import { decodes, memoryPosition } from '../positions';
import { WakeSignal } from '../wake-signal';

/** The whole log in one array: for domain and application tests that need no database. */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly wake = new WakeSignal();

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    const ok = expected === 'any' || (expected === 'no_stream' ? stream.length === 0 : expected === actual);
    if (!ok) throw new VersionConflictError(streamId, expected, actual);
    const occurredAt = new Date().toISOString();
    const chained = chainHashes(streamId, linkAfter(stream[stream.length - 1]), actual + 1, events);
    // structuredClone: callers must not be able to change what was stored.
    const stored = chained.map((event, i) => ({
      id: event.id ?? randomUUID(),
      streamId,
      version: actual + 1 + i,
      position: memoryPosition.encode(this.log.length + 1 + i),
      type: event.type,
      data: structuredClone(event.data),
      metadata: structuredClone(event.metadata),
      occurredAt,
    }));
    this.log.push(...stored);
    this.streams.set(streamId, [...stream, ...stored]);
    this.wake.notify();
    const last = stored[stored.length - 1];
    return { version: last.version, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromVersion ?? 0;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    return (this.streams.get(streamId) ?? []).filter((e) => e.version >= from && e.version <= to).map(copy);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const start = memoryPosition.decode(options.after ?? START);
    const limit = options.limit ?? 1000;
    const result: StoredEvent[] = [];
    for (let i = start; i < this.log.length && result.length < limit; i++) {
      if (matchesFilter(this.log[i], options)) result.push(copy(this.log[i]));
    }
    return result;
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return followLog(this, this.wake, options);
  }

  isPosition(text: string): boolean {
    return decodes(memoryPosition.decode, text);
  }

  async headPosition(): Promise<Position> {
    return this.log.length === 0 ? START : this.log[this.log.length - 1].position;
  }

  /** Appends are visible at once here: the same as the head. */
  lastCommittedPosition(): Promise<Position> {
    return this.headPosition();
  }

  /** The streams' own lengths: nothing here can remove an event, so this only completes the port. */
  async *recordedStreams(filter: { streamPrefix?: string } = {}): AsyncIterable<RecordedStream> {
    for (const [streamId, events] of this.streams) {
      if (!filter.streamPrefix || streamId.startsWith(filter.streamPrefix)) yield { streamId, version: events.length - 1 };
    }
  }

  async close(): Promise<void> {}
}

const copy = (event: StoredEvent): StoredEvent => structuredClone(event);
