import { createHash } from 'node:crypto';
import { EventMetadata, EventStore, NewEvent, START, StoredEvent, comparePositions } from './port';

/**
 * The tamper-evident hash chain (docs/adr/0008-hash-chain.md). Every adapter hashes on append with
 * `chainHashes`; `verifyChain` and `verifyStoreChains` check stored events. Only what every store keeps
 * alike is hashed (never positions, ids or timestamps), so identical events hash alike in every store.
 */

/** The hash version 0 of a stream chains to (and any event after one without a hash). */
export const GENESIS_HASH = '';

/** What the hash covers: the event as its stream knows it. */
export type ChainedContent = Pick<StoredEvent, 'streamId' | 'version' | 'type' | 'data' | 'metadata'>;

/**
 * JSON with object keys sorted (UTF-16 code units, as RFC 8785) and no whitespace. Otherwise it follows
 * JSON.stringify, which is what the stores keep: `toJSON` is called, undefined and functions are left out of
 * objects and become null in arrays, non-finite numbers become null, numbers print shortest round-trip.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(omitted(value[i]) ? 'null' : canonicalJson(value[i]));
    return `[${items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((key) => !omitted(record[key]))
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'bigint') throw new TypeError('canonicalJson: a BigInt is not JSON');
  // null, booleans, finite and non-finite numbers, strings: exactly as JSON.stringify writes them.
  return JSON.stringify(value) ?? 'null';
}

const omitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** Metadata as hashed: everything but `hash`. */
function withoutHash(metadata: EventMetadata): Omit<EventMetadata, 'hash'> {
  const { hash: _hash, ...rest } = metadata;
  return rest;
}

/**
 * Hex SHA-256 of `[previousHash, streamId, version, type, data, metadata without hash]` in canonical JSON.
 * `previousHash` is the stored hash of version − 1 of the stream (GENESIS_HASH for version 0).
 */
export function eventHash(previousHash: string, event: ChainedContent): string {
  const content = [previousHash, event.streamId, event.version, event.type, event.data, withoutHash(event.metadata)];
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** The hash the next event of a stream chains to after `event`: its own, GENESIS_HASH when it has none. */
export function linkAfter(event: Pick<StoredEvent, 'metadata'> | undefined): string {
  const hash = event?.metadata.hash;
  return typeof hash === 'string' ? hash : GENESIS_HASH;
}

/**
 * The events to append, each with `metadata.hash` (a hash passed in is replaced): the first gets version
 * `firstVersion` and chains to `previousHash`, each later one to the one before it. Inputs are not changed.
 */
export function chainHashes(streamId: string, previousHash: string, firstVersion: number, events: readonly NewEvent[]): NewEvent[] {
  let previous = previousHash;
  return events.map((event, i) => {
    const metadata = withoutHash(event.metadata) as EventMetadata;
    const hash = eventHash(previous, { streamId, version: firstVersion + i, type: event.type, data: event.data, metadata });
    previous = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

/**
 * What the check found, named by stream and version:
 * - `changed`: the stored hash is not the one its content and its predecessor's stored hash give (this
 *   event was edited, or its predecessor was rewritten together with its hash);
 * - `missing`: versions `version` to `lastVersion` are absent (a deleted event; at the end of a stream only
 *   where the store records the stream's version apart from its events, see `recordedStreams`);
 * - `broken-link`: the event right after missing ones: the hash it chained to is gone, so it cannot be
 *   checked; later events are checked against its stored hash;
 * - `unhashed`: no hash (appended before hashing existed, or by an older process; or its hash was removed):
 *   not verified, not in itself tampering. The event after it is checked against GENESIS_HASH.
 */
export type ChainFindingKind = 'changed' | 'missing' | 'broken-link' | 'unhashed';

export interface ChainFinding {
  streamId: string;
  version: number;
  kind: ChainFindingKind;
  /** `missing` only: the last absent version (equal to `version` when one is missing). */
  lastVersion?: number;
  message: string;
}

/** Where the check of one stream stands: the next version expected and the hash it must chain to. */
interface StreamState {
  next: number;
  link: string;
  /** Whether a hashed event was seen: an unhashed one after it is not a pre-hashing leftover. */
  hashed: boolean;
}

const freshState = (): StreamState => ({ next: 0, link: GENESIS_HASH, hashed: false });

/** Checks one event against the state of its stream, advancing the state. */
function checkEvent(state: StreamState, event: ChainedContent, findings: ChainFinding[]): void {
  const { streamId, version } = event;
  if (version < state.next) {
    findings.push({ streamId, version, kind: 'changed', message: `version ${version} comes again, or out of order, after version ${state.next - 1}` });
    return;
  }
  const gap = version > state.next;
  if (gap) findings.push(missing(streamId, state.next, version - 1));
  const stored = event.metadata.hash;
  if (typeof stored !== 'string') {
    findings.push({
      streamId,
      version,
      kind: 'unhashed',
      message: state.hashed ? 'no hash after hashed events: written without hashing, or its hash was removed' : 'no hash: appended before hashing',
    });
  } else if (gap) {
    findings.push({ streamId, version, kind: 'broken-link', message: `follows missing version ${version - 1}: the hash it chained to is gone` });
  } else if (eventHash(state.link, event) !== stored) {
    findings.push({
      streamId,
      version,
      kind: 'changed',
      message:
        version === 0
          ? 'content does not match its hash'
          : `content does not match its hash chained to version ${version - 1} (this event changed, or version ${version - 1} was rewritten with its hash)`,
    });
  }
  state.next = version + 1;
  state.link = typeof stored === 'string' ? stored : GENESIS_HASH;
  state.hashed ||= typeof stored === 'string';
}

function missing(streamId: string, from: number, to: number): ChainFinding {
  return {
    streamId,
    version: from,
    kind: 'missing',
    lastVersion: to,
    message: from === to ? `version ${from} is missing` : `versions ${from} to ${to} are missing`,
  };
}

/**
 * Checks the events of one stream, read in version order (all of them, from version 0). Pass the version
 * the store records for the stream (PostgreSQL: es_streams) to have a removed tail reported too.
 */
export function verifyChain(events: readonly ChainedContent[], recorded?: { streamId: string; version: number }): ChainFinding[] {
  const findings: ChainFinding[] = [];
  const state = freshState();
  for (const event of events) {
    if (event.streamId !== events[0].streamId) throw new Error(`verifyChain checks one stream: got ${events[0].streamId} and ${event.streamId}`);
    checkEvent(state, event, findings);
  }
  if (recorded && recorded.version >= state.next) findings.push(missing(recorded.streamId, state.next, recorded.version));
  return findings;
}

export interface VerifyStoreOptions {
  /** Called after each page: events checked so far, and in this page (a progress bar's advance). */
  onProgress?: (eventsChecked: number, inPage: number) => void;
  /** Events per readAll page (default 1000). */
  pageSize?: number;
  /** Only streams whose id starts with this. */
  streamPrefix?: string;
}

export interface StoreChainReport {
  eventsChecked: number;
  streamsChecked: number;
  /** In log order of discovery; the removed tails (from the store's stream record) last. */
  findings: ChainFinding[];
}

const IDLE_RECHECK_MS = 20;

/**
 * Walks the whole log (readAll, page by page), checking every stream's chain as its events come, and, where
 * the store records stream versions apart from events (`recordedStreams`), reports removed last events and
 * streams whose events are all gone. Memory: one small state per stream, never the events.
 *
 * The stream record is read first, then the log until it shows everything committed by then (a gap-safe
 * store may hold readers back a moment), so events appended during the walk never look missing.
 */
export async function verifyStoreChains(store: EventStore, options: VerifyStoreOptions = {}): Promise<StoreChainReport> {
  const filter = options.streamPrefix ? { streamPrefix: options.streamPrefix } : {};
  const recorded = new Map<string, number>();
  if (store.recordedStreams) for await (const stream of store.recordedStreams(filter)) recorded.set(stream.streamId, stream.version);
  const committed = await store.lastCommittedPosition();

  const states = new Map<string, StreamState>();
  const findings: ChainFinding[] = [];
  let eventsChecked = 0;
  let after = START;
  for (;;) {
    const page = await store.readAll({ ...filter, after, limit: options.pageSize ?? 1000 });
    if (page.length === 0) {
      // Done once the log shows everything committed before the walk began (and nothing new after `after`).
      if (comparePositions(await store.headPosition(), committed) >= 0) {
        const again = await store.readAll({ ...filter, after, limit: options.pageSize ?? 1000 });
        if (again.length === 0) break;
        page.push(...again);
      } else {
        await new Promise((resolve) => setTimeout(resolve, IDLE_RECHECK_MS));
        continue;
      }
    }
    for (const event of page) {
      let state = states.get(event.streamId);
      if (!state) states.set(event.streamId, (state = freshState()));
      checkEvent(state, event, findings);
    }
    eventsChecked += page.length;
    after = page[page.length - 1].position;
    options.onProgress?.(eventsChecked, page.length);
  }

  for (const [streamId, version] of recorded) {
    const next = states.get(streamId)?.next ?? 0;
    if (version >= next) findings.push(missing(streamId, next, version));
  }
  const streams = new Set([...states.keys(), ...recorded.keys()]);
  return { eventsChecked, streamsChecked: streams.size, findings };
}
