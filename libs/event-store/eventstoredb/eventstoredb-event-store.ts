import { setTimeout as sleep } from 'node:timers/promises';
import {
  ANY,
  AccessDeniedError,
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  Direction,
  END,
  EventStoreDBClient,
  FORWARDS,
  Filter,
  InvalidArgumentError,
  NO_STREAM,
  ReadPosition,
  RecordedEvent,
  START as ESDB_START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  JsonObject,
  LogFilter,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  START,
  StoredEvent,
  SubscribeOptions,
  VersionConflictError,
  comparePositions,
  matchesFilter,
} from '../port';
import { StreamHead, StreamHeads, appendChained } from '../chained-append';
import { linkAfter } from '../hash-chain';
import { decodes, eventStoreDbPosition } from '../positions';

/** An event in $all written by someone else: not JSON, or its metadata is not a JSON object. */
export class UnreadableEventError extends Error {
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event ${eventId} in ${streamId} is not a JSON event with JSON object metadata`);
    this.name = 'UnreadableEventError';
  }
}

export interface EventStoreDbEventStoreOptions {
  /** Events fetched per $all read while paging (readAll, headPosition). */
  pageSize?: number;
  /** Longest wait between attempts to resubscribe after a dropped subscription. */
  maxResubscribeDelayMs?: number;
}

const FIRST_RESUBSCRIBE_DELAY_MS = 50;

/**
 * The port over EventStoreDB's gRPC client. $all holds the server's own events too (streams and types
 * starting with `$`): every read leaves them out, and positions always come from the recorded event
 * (commit and prepare both: resuming from the commit alone can skip events).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly pageSize: number;
  private readonly maxResubscribeDelayMs: number;
  /** Ends every subscription on close(): a disposed client would otherwise be resubscribed forever. */
  private readonly closing = new AbortController();
  /** Each recently used stream's last known (version, hash): the usual append needs no read for its hash. */
  private readonly heads = new StreamHeads();

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.maxResubscribeDelayMs = options.maxResubscribeDelayMs ?? 5000;
    if (this.pageSize < 2) throw new Error('pageSize must be at least 2: $all reads repeat their first event');
  }

  static fromConnectionString(url: string, options?: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url), options);
  }

  /**
   * Hashes the events onto the stream's chain (ADR 0008; the hash rides in the event's metadata JSON), then
   * appends. The hash to chain to comes from the last readStream/append of the stream in this process;
   * otherwise (another process wrote last, or `any`) from one extra read. `any` is sent as the exact
   * revision of the stream's last event, retried if someone else appends first.
   */
  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return appendChained(streamId, events, expected, this.heads, {
      linkAt: async (id, version) => {
        const [event] = await this.readStream(id, { fromVersion: version, toVersion: version });
        return event ? linkAfter(event) : undefined;
      },
      lastHead: (id) => this.lastHead(id),
      write: (id, chained, exact) => this.write(id, chained, exact),
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromVersion ?? 0;
    const to = options.toVersion;
    if (to !== undefined && to < from) return [];
    const read = this.client.readStream(streamId, {
      fromRevision: BigInt(from),
      ...(to === undefined ? {} : { maxCount: to - from + 1 }),
    });
    const result: StoredEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) result.push(toStoredEvent(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    this.heads.rememberRead(result);
    return result;
  }

  /**
   * ESDB's `fromPosition` is inclusive and the client (6.x) has no server-side filter for reads of $all,
   * so this pages through $all, drops what is at or before `after`, and filters in process until it has
   * `limit` matching events or reaches the end.
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const limit = options.limit ?? 1000;
    const filtered = (options.types?.length ?? 0) > 0 || !!options.streamPrefix;
    const pageSize = filtered ? this.pageSize : Math.max(2, Math.min(limit + 1, this.pageSize));
    const result: StoredEvent[] = [];
    let after = options.after ?? START;
    while (result.length < limit) {
      const page = await this.readAllPage(toReadPosition(after), FORWARDS, pageSize);
      for (const event of page) {
        const position = positionOf(event);
        if (comparePositions(position, after) <= 0) continue;
        after = position;
        if (isSystemEvent(event) || !matchesFilter(event, options)) continue;
        result.push(toStoredEvent(event));
        if (result.length === limit) break;
      }
      if (page.length < pageSize) break;
    }
    return result;
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return this.follow(options);
  }

  /** Reads $all backwards past the server's own events (a fresh server starts with a few). */
  /** EventStoreDB shows a committed event to readers at once: the same as the head. */
  lastCommittedPosition(): Promise<Position> {
    return this.headPosition();
  }

  isPosition(text: string): boolean {
    return text === START || decodes(eventStoreDbPosition.decode, text);
  }

  async headPosition(): Promise<Position> {
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARDS, this.pageSize);
      // Backward reads may or may not include the event at `from`: compare instead of assuming.
      const before = from === END ? undefined : eventStoreDbPosition.encode(from.commit, from.prepare);
      for (const event of page) {
        const position = positionOf(event);
        if (before !== undefined && comparePositions(position, before) >= 0) continue;
        if (!isSystemEvent(event)) return position;
        from = event.position ?? from;
      }
      if (page.length < this.pageSize) return START;
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.client.dispose();
  }

  /**
   * One catch-up subscription to $all at a time. The client never resubscribes by itself, so a dropped
   * subscription is resumed here, strictly after the last event received (filtered out or not).
   */
  private async *follow(options: SubscribeOptions): AsyncGenerator<StoredEvent> {
    const stop = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    let after = options.after ?? START;
    let delayMs = FIRST_RESUBSCRIBE_DELAY_MS;
    while (!stop.aborted) {
      const subscription = this.client.subscribeToAll({ fromPosition: toReadPosition(after), filter: serverFilter(options) });
      // An error after this loop stopped reading would otherwise be an unhandled 'error' event.
      subscription.on('error', () => undefined);
      const unsubscribe = () => void subscription.unsubscribe();
      stop.addEventListener('abort', unsubscribe, { once: true });
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (!event) continue;
          const position = positionOf(event);
          if (comparePositions(position, after) <= 0) continue;
          after = position;
          delayMs = FIRST_RESUBSCRIBE_DELAY_MS;
          if (isSystemEvent(event) || !matchesFilter(event, options)) continue;
          yield toStoredEvent(event);
          if (stop.aborted) return;
        }
      } catch (error) {
        if (stop.aborted) return;
        // Not a drop: an event the port cannot represent, or a server that will refuse again.
        if (error instanceof UnreadableEventError || error instanceof AccessDeniedError || error instanceof InvalidArgumentError) {
          throw error;
        }
      } finally {
        stop.removeEventListener('abort', unsubscribe);
        await subscription.unsubscribe();
      }
      // Dropped (error or the server ended the call): wait a little, then resume from `after`.
      await sleep(delayMs, undefined, { signal: stop }).catch(() => undefined);
      delayMs = Math.min(delayMs * 2, this.maxResubscribeDelayMs);
    }
  }

  private async write(streamId: string, events: readonly NewEvent[], expected: 'no_stream' | number): Promise<AppendResult> {
    const proposed = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
    try {
      const result = await this.client.appendToStream(streamId, proposed, { expectedRevision: toExpectedRevision(expected) });
      const version = Number(result.nextExpectedRevision);
      // Servers before 22.6 do not report the position of an append: read it back.
      const position = result.position
        ? eventStoreDbPosition.encode(result.position.commit, result.position.prepare)
        : (await this.readStream(streamId, { fromVersion: version, toVersion: version }))[0].position;
      return { version, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? -1 : Number(error.actualVersion);
        throw new VersionConflictError(streamId, expected, actual);
      }
      throw error;
    }
  }

  private async lastHead(streamId: string): Promise<StreamHead | undefined> {
    let last: StoredEvent | undefined;
    try {
      // Read to the end (one event): leaving the loop early leaves the call open and close() waiting.
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event && !last) last = toStoredEvent(resolved.event);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return last && { version: last.version, link: linkAfter(last) };
  }

  private async readAllPage(from: ReadPosition, direction: Direction, maxCount: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition: from, direction, maxCount })) {
      if (resolved.event) events.push(resolved.event);
    }
    return events;
  }
}

function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

function toReadPosition(position: Position): ReadPosition {
  return position === START ? ESDB_START : eventStoreDbPosition.decode(position);
}

function positionOf(event: RecordedEvent): Position {
  if (!event.position) throw new Error(`EventStoreDB sent event ${event.id} without a position (server older than 22.6?)`);
  return eventStoreDbPosition.encode(event.position.commit, event.position.prepare);
}

/** The server's own events: system streams (`$…`, `$$…` metadata) and system event types. */
function isSystemEvent(event: Pick<RecordedEvent, 'streamId' | 'type'>): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/**
 * ESDB takes one server-side filter, on stream name or on event type. Pick the narrower one the options
 * allow; the exact filter (matchesFilter) and the system-event check run in process either way.
 */
function serverFilter(options: LogFilter): Filter {
  if (options.streamPrefix) return streamNameFilter({ prefixes: [options.streamPrefix] });
  if (options.types && options.types.length > 0) {
    return eventTypeFilter({ regex: `^(?:${options.types.map(escapeRegExp).join('|')})$` });
  }
  return excludeSystemEvents();
}

/** Escapes what .NET (the server) and JavaScript regular expressions both treat as special. */
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toStoredEvent(event: RecordedEvent): StoredEvent {
  if (!isJsonObject(event.data) || !isJsonObject(event.metadata)) {
    throw new UnreadableEventError(event.id, event.streamId);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    version: Number(event.revision),
    position: positionOf(event),
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    occurredAt: event.created.toISOString(),
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
