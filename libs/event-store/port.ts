/**
 * The event-store port: the only way the application touches the log. Two production adapters
 * (PostgreSQL, EventStoreDB) and one in-memory adapter implement it and pass one contract suite
 * (test/event-store/contract.ts).
 */

/** JSON-serialisable payloads: events must round-trip through both stores unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Who, when and why: rides on every event. Adapters store it verbatim, adding only `hash`; keys the
 * application does not know survive the round trip.
 */
export type EventMetadata = JsonObject & {
  actor: string;
  correlationId: string;
  causationId: string;
  command: string;
  schemaVersion: number;
  /** The command's id when its caller may send it again (an Idempotency-Key): a retry finds its events by it. */
  commandId?: string;
  /**
   * Tamper evidence, set by the store on append (docs/adr/0008-hash-chain.md): hex SHA-256 over the previous
   * event's hash in the stream and this event's stream id, version, type, data and metadata (without this
   * field). A value passed to append is replaced. Absent on events appended before hashing existed.
   */
  hash?: string;
};

/** An event about to be appended. `id` is deterministic where a retry can happen (de-duplication). */
export interface NewEvent {
  id?: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * An opaque, fixed-width, order-preserving string (see docs/adr/0002-position-format.md). Compare with
 * `comparePositions`; positions of different stores never compare.
 */
export type Position = string;

/** The position before every event: reading or subscribing after it starts at the beginning. */
export const START: Position = '';

export interface StoredEvent {
  id: string;
  streamId: string;
  /** 0-based revision of the event inside its stream. */
  version: number;
  position: Position;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  /** ISO 8601 instant the store recorded the event. */
  occurredAt: string;
}

/**
 * Expected version of the stream before an append: it must not exist, anything goes, or its last event
 * has exactly this 0-based version.
 */
export type ExpectedVersion = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** Version of the last appended event. */
  version: number;
  /** Position of the last appended event. */
  position: Position;
}

export interface ReadStreamOptions {
  /** First version to read, inclusive (default 0). */
  fromVersion?: number;
  /** Last version to read, inclusive (default: the end). */
  toVersion?: number;
}

export interface LogFilter {
  /** Only these event types. */
  types?: readonly string[];
  /** Only streams whose id starts with this (e.g. `order-`). */
  streamPrefix?: string;
}

export interface ReadAllOptions extends LogFilter {
  /** Exclusive lower bound (default START). */
  after?: Position;
  /** At most this many events (default 1000). */
  limit?: number;
}

export interface SubscribeOptions extends LogFilter {
  /** Exclusive lower bound (default START). */
  after?: Position;
  /** Stops the subscription: the iterator returns. */
  signal?: AbortSignal;
}

/** A stream as the store records it apart from its events (PostgreSQL: a row of es_streams). */
export interface RecordedStream {
  streamId: string;
  /** Version of the stream's last event according to that record. */
  version: number;
}

export interface EventStore {
  /** Appends atomically: all events or none. Throws `VersionConflictError` when `expected` does not hold. */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  /** Events of one stream in version order; a stream that does not exist reads empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Global log in position order, strictly after `after`; never passes over an event still committing. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catches up from `after`, then follows live; every event exactly once, in position order. */
  subscribe(options?: SubscribeOptions): AsyncIterable<StoredEvent>;
  /** Position of the last event a reader can see now (START for an empty log). */
  headPosition(): Promise<Position>;
  /** True when `text` is a position this store writes (or START): what a client may pass back as `after`. */
  isPosition(text: string): boolean;
  /**
   * Position of the last committed event, which readers may not see yet where an earlier-positioned
   * append is still in flight (PostgreSQL, ADR 0001). Waiting until a reader reaches it means having seen
   * everything committed before the call: what a check "caught up to the head" needs.
   */
  lastCommittedPosition(): Promise<Position>;
  /**
   * Optional: every stream with the version the store records for it apart from its events (PostgreSQL:
   * es_streams). The hash-chain check compares it with the events it reads, which is how a removed last
   * event, or a stream whose events are all gone, shows. Stores without such a record leave it out.
   */
  recordedStreams?(filter?: Pick<LogFilter, 'streamPrefix'>): AsyncIterable<RecordedStream>;
  close(): Promise<void>;
}

export class VersionConflictError extends Error {
  readonly code = 'VERSION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** Version the stream had: -1 when it does not exist; undefined when the store did not say. */
    readonly actual?: number,
  ) {
    super(`Version conflict on ${streamId}: expected ${expected}, actual ${actual ?? 'unknown'}`);
    this.name = 'VersionConflictError';
  }
}

/** Positions are fixed-width per store, so text order is log order. */
export function comparePositions(a: Position, b: Position): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Shared by adapters that filter in process. */
export function matchesFilter(event: Pick<StoredEvent, 'type' | 'streamId'>, filter: LogFilter): boolean {
  if (filter.types && filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.streamPrefix && !event.streamId.startsWith(filter.streamPrefix)) return false;
  return true;
}
