import { GENESIS_HASH, chainHashes, linkAfter } from './hash-chain';
import { AppendResult, ExpectedVersion, NewEvent, StoredEvent, VersionConflictError } from './port';

/**
 * How the stores that cannot hash inside their own append (PostgreSQL, EventStoreDB) learn the hash a new
 * event chains to, without a read on the usual path (docs/adr/0008-hash-chain.md).
 */

/** A stream's newest event this process knows of: its version and the hash the next event chains to. */
export interface StreamHead {
  version: number;
  link: string;
}

/**
 * The newest known head of recently used streams, filled by readStream and append, least recently used
 * dropped first. An entry is a fact that never goes stale (event v of a stream keeps its hash), only old:
 * an append expecting exactly that version needs no read.
 */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    const head = this.heads.get(streamId);
    if (head) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    return head;
  }

  remember(streamId: string, version: number, link: string): void {
    const known = this.heads.get(streamId);
    if (known && known.version > version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { version, link });
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value as string);
  }

  /** The last of events read from one stream in version order. */
  rememberRead(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1];
    if (last) this.remember(last.streamId, last.version, linkAfter(last));
  }
}

/** What a store does for `appendChained`. */
export interface ChainedAppendIo {
  /** The hash to chain to after version `version` of the stream (see linkAfter); undefined when no such event. */
  linkAt(streamId: string, version: number): Promise<string | undefined>;
  /** The stream's last event as a head; undefined when it has none. */
  lastHead(streamId: string): Promise<StreamHead | undefined>;
  /** Appends events already hashed for `expected`; throws VersionConflictError when it does not hold. */
  write(streamId: string, events: readonly NewEvent[], expected: 'no_stream' | number): Promise<AppendResult>;
}

const ANY_BACKOFF_CAP_MS = 50;
/** Bounds `any` where the log and the store's stream record disagree (an event deleted behind its back). */
const ANY_MAX_ATTEMPTS = 100;

/**
 * Hashes and appends. An exact version chains to that event's hash (from `heads`, else one read); `no_stream`
 * to GENESIS_HASH. `any` becomes the exact version of the stream's last event (the head if known, else one
 * read), retried with a fresh read while other writers get in first: the hash needs the real predecessor.
 * After ANY_MAX_ATTEMPTS conflicts it gives up with a VersionConflictError expecting `any`.
 */
export async function appendChained(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  heads: StreamHeads,
  io: ChainedAppendIo,
): Promise<AppendResult> {
  if (events.length === 0) throw new Error('append needs at least one event');
  for (let attempt = 1; ; attempt++) {
    let head: StreamHead | undefined;
    if (expected === 'no_stream') head = undefined;
    else if (expected === 'any') head = attempt === 1 ? (heads.get(streamId) ?? (await io.lastHead(streamId))) : await io.lastHead(streamId);
    else {
      const known = heads.get(streamId);
      const link = known?.version === expected ? known.link : await io.linkAt(streamId, expected);
      if (link === undefined) throw new VersionConflictError(streamId, expected, (await io.lastHead(streamId))?.version ?? -1);
      head = { version: expected, link };
    }
    const chained = chainHashes(streamId, head?.link ?? GENESIS_HASH, head ? head.version + 1 : 0, events);
    try {
      const result = await io.write(streamId, chained, head ? head.version : 'no_stream');
      heads.remember(streamId, result.version, chained[chained.length - 1].metadata.hash as string);
      return result;
    } catch (error) {
      if (expected !== 'any' || !(error instanceof VersionConflictError)) throw error;
      if (attempt >= ANY_MAX_ATTEMPTS) throw new VersionConflictError(streamId, 'any', error.actual);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(ANY_BACKOFF_CAP_MS, 2 ** attempt)));
    }
  }
}
