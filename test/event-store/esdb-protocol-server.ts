import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { IStreamsServer, StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

/**
 * An in-memory EventStoreDB speaking the real gRPC protocol, for the adapter's contract tests when no
 * EventStoreDB is at hand. It serves exactly what EventStoreDbEventStore uses through the official client:
 * Append, stream and $all reads (both directions), and catch-up subscriptions to $all with filters.
 * It does not register the ServerFeatures service, so the client falls back to plain Append (not
 * BatchAppend). Messages are built with the client's own generated classes: the generated serializers
 * check `instanceof` against them.
 */

export interface EsdbProtocolServer {
  /** Connection string for EventStoreDBClient.connectionString. */
  url: string;
  /** Ends every open subscription with UNAVAILABLE, as a server restart or network drop would. */
  dropSubscriptions(): void;
  stop(): Promise<void>;
}

interface EsdbRecord {
  id: string;
  streamName: string;
  revision: number;
  /** Used as both commit and prepare position. */
  position: bigint;
  type: string;
  contentType: string;
  /** .NET ticks (100 ns) since the Unix epoch, which is what the server sends in `created`. */
  created: bigint;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

type Expected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: number };

type AppendOutcome = { ok: true; last: EsdbRecord } | { ok: false; current: number };

/** The transaction log and its streams. */
class EsdbLog {
  readonly records: EsdbRecord[] = [];
  private readonly streams = new Map<string, EsdbRecord[]>();
  /**
   * Positions are byte-offset-like: they grow by the record's size, so they are unique and ordered but not
   * consecutive, as on a real server. Every event gets its own commit = prepare.
   */
  private nextPosition = 0n;
  private waiters: (() => void)[] = [];

  stream(name: string): readonly EsdbRecord[] | undefined {
    return this.streams.get(name);
  }

  append(streamName: string, expected: Expected, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const duplicate = this.retried(stream, expected, proposed);
    if (duplicate) return { ok: true, last: duplicate };
    const current = stream.length - 1;
    const holds =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === -1) ||
      (expected.kind === 'stream_exists' && current >= 0) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!holds) return { ok: false, current };
    const created = BigInt(Date.now()) * 10_000n;
    for (const event of proposed) {
      const record: EsdbRecord = { ...event, streamName, revision: stream.length, position: this.nextPosition, created };
      this.nextPosition += BigInt(64 + streamName.length + event.type.length + event.data.length + event.customMetadata.length);
      stream.push(record);
      this.records.push(record);
    }
    this.streams.set(streamName, stream);
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
    return { ok: true, last: stream[stream.length - 1] };
  }

  /** Resolves on the next append (or on `wakeAll`): subscriptions sleep on it once caught up. */
  nextAppend(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wakeAll(): void {
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Index of the first record at or after `position` (binary search: positions only grow). */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.records[middle].position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Idempotent appends, simplified: the same event ids already sit right after the expected revision (or,
   * with `any`, anywhere in the stream in a row) → the server reports success and writes nothing.
   */
  private retried(stream: readonly EsdbRecord[], expected: Expected, proposed: readonly ProposedEvent[]): EsdbRecord | undefined {
    const first =
      expected.kind === 'revision'
        ? expected.revision + 1
        : expected.kind === 'no_stream'
          ? 0
          : stream.findIndex((r) => r.id === proposed[0]?.id);
    const run = first < 0 ? [] : stream.slice(first, first + proposed.length);
    const same = proposed.length > 0 && run.length === proposed.length && run.every((r, i) => r.id === proposed[i].id);
    return same ? run[run.length - 1] : undefined;
  }
}

/** Appends the kind of events a fresh EventStoreDB writes for itself, which clients must skip. */
function seedSystemEvents(log: EsdbLog): void {
  const json = (value: object) => new Uint8Array(Buffer.from(JSON.stringify(value)));
  const system = (type: string): ProposedEvent => ({
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: json({}),
    customMetadata: new Uint8Array(),
  });
  log.append('$epoch-information', { kind: 'any' }, [system('$epoch-information')]);
  log.append('$$$scavenges', { kind: 'any' }, [system('$metadata')]);
}

const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

function expectedOf(options: AppendReq.Options): Expected {
  switch (options.getExpectedStreamRevisionCase()) {
    case AppendReq.Options.ExpectedStreamRevisionCase.REVISION:
      return { kind: 'revision', revision: Number(options.getRevision()) };
    case AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM:
      return { kind: 'no_stream' };
    case AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

function toProposed(message: AppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() || randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function appendResponse(outcome: AppendOutcome, expected: Expected): AppendResp {
  const response = new AppendResp();
  if (outcome.ok) {
    const position = new AppendResp.Position()
      .setCommitPosition(String(outcome.last.position))
      .setPreparePosition(String(outcome.last.position));
    return response.setSuccess(
      new AppendResp.Success().setCurrentRevision(String(outcome.last.revision)).setPosition(position),
    );
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current < 0) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(String(outcome.current));
  if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return response.setWrongExpectedVersion(wrong);
}

/** What the client's convertGrpcEvent reads: metadata map type/content-type/created, both positions. */
function eventResponse(record: EsdbRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(record.streamName, 'utf8')))
    .setStreamRevision(String(record.revision))
    .setCommitPosition(String(record.position))
    .setPreparePosition(String(record.position))
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', String(record.created));
  const event = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(record.position));
  return new ReadResp().setEvent(event);
}

/** The server-side filter of a read or subscription: one expression on the event type or stream name. */
function recordFilter(options: ReadReq.Options): (record: EsdbRecord) => boolean {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) return () => true;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  const matches = (value: string) => (regex ? regex.test(value) : prefixes.some((prefix) => value.startsWith(prefix)));
  return (record) => matches(onStream ? record.streamName : record.type);
}

/** A server-streaming call's writes, honouring back-pressure, and whether the client went away. */
class ResponseStream {
  private closed = false;
  readonly ended: Promise<void>;

  constructor(private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
    this.ended = new Promise((resolve) => {
      const end = () => {
        this.closed = true;
        resolve();
      };
      call.on('cancelled', end);
      call.on('close', end);
      call.on('error', end);
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async write(response: ReadResp): Promise<void> {
    if (this.closed) return;
    if (!this.call.write(response)) {
      await Promise.race([new Promise((resolve) => this.call.once('drain', resolve)), this.ended]);
    }
  }

  end(): void {
    if (!this.closed) this.call.end();
  }

  fail(code: grpc.status, details: string): void {
    if (!this.closed) this.call.emit('error', { code, details, metadata: new grpc.Metadata() });
  }
}

class StreamsHandlers {
  private readonly subscriptions = new Set<ResponseStream>();
  private stopped = false;

  constructor(private readonly log: EsdbLog) {}

  append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    // Client-streaming: first a message with the options, then one per proposed event.
    let options: AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    call.on('data', (request: AppendReq) => {
      const message = request.getProposedMessage();
      if (request.hasOptions()) options = request.getOptions();
      else if (message) proposed.push(toProposed(message));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      const name = options?.getStreamIdentifier()?.getStreamName_asU8();
      if (!options || !name) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
      const expected = expectedOf(options);
      // The whole batch lands in one synchronous step: atomic, and no other append interleaves.
      callback(null, appendResponse(this.log.append(utf8(name), expected, proposed), expected));
    });
  }

  read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const response = new ResponseStream(call);
    const options = call.request.getOptions();
    const run = (): Promise<void> => {
      if (!options) throw new Error('read without options');
      if (options.hasSubscription()) {
        if (!options.hasAll()) throw new Error('only subscriptions to $all are implemented');
        return this.subscribeToAll(response, options);
      }
      return options.hasAll() ? this.readAll(response, options) : this.readStream(response, options);
    };
    Promise.resolve()
      .then(run)
      .catch((error: Error) => response.fail(grpc.status.UNIMPLEMENTED, error.message));
  }

  dropSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.fail(grpc.status.UNAVAILABLE, 'subscription dropped by the test');
    this.log.wakeAll();
  }

  stop(): void {
    this.stopped = true;
    this.dropSubscriptions();
  }

  private async readStream(response: ResponseStream, options: ReadReq.Options): Promise<void> {
    const streamOptions = options.getStream();
    const identifier = streamOptions?.getStreamIdentifier();
    const stream = this.log.stream(utf8(identifier?.getStreamName_asU8() ?? new Uint8Array()));
    if (!streamOptions || !stream) {
      // A missing stream is a message, not a gRPC error: the client turns it into StreamNotFoundError.
      await response.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(identifier)));
      return response.end();
    }
    const count = Number(options.getCount());
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const last = stream.length - 1;
    const from = streamOptions.hasRevision()
      ? Number(streamOptions.getRevision())
      : streamOptions.hasEnd()
        ? backwards
          ? last
          : stream.length
        : 0;
    // Revisions are inclusive in both directions.
    const selected = backwards ? stream.slice(0, Math.min(from, last) + 1).reverse() : stream.slice(from);
    for (const record of selected.slice(0, count)) await response.write(eventResponse(record));
    response.end();
  }

  /**
   * Forwards from a position is inclusive; backwards from a position returns only what is before it (both
   * as a real server does when given the position of an event).
   */
  private async readAll(response: ResponseStream, options: ReadReq.Options): Promise<void> {
    const all = options.getAll();
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const records = this.log.records;
    const position = all?.getPosition();
    const index = position
      ? this.log.indexAtOrAfter(BigInt(position.getCommitPosition()))
      : all?.hasEnd()
        ? records.length
        : 0;
    const selected = backwards ? records.slice(0, index).reverse() : records.slice(index);
    const filter = recordFilter(options);
    let remaining = Number(options.getCount());
    for (const record of selected) {
      if (remaining <= 0 || !response.isOpen) break;
      if (!filter(record)) continue;
      await response.write(eventResponse(record));
      remaining--;
    }
    response.end();
  }

  /**
   * Confirmation, then the catch-up events strictly after the start position, then `caught_up`, then live
   * events as they are appended. Appends run synchronously on this same thread, so walking the one log
   * array by index hands out every event exactly once, in order, across the catch-up/live boundary.
   */
  private async subscribeToAll(response: ResponseStream, options: ReadReq.Options): Promise<void> {
    this.subscriptions.add(response);
    try {
      const all = options.getAll();
      const position = all?.getPosition();
      let next = position
        ? this.log.indexAtOrAfter(BigInt(position.getCommitPosition()) + 1n)
        : all?.hasEnd()
          ? this.log.records.length
          : 0;
      const filter = recordFilter(options);
      await response.write(
        new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())),
      );
      let caughtUp = false;
      while (response.isOpen && !this.stopped) {
        if (next < this.log.records.length) {
          const record = this.log.records[next++];
          if (filter(record)) await response.write(eventResponse(record));
          continue;
        }
        if (!caughtUp) {
          caughtUp = true;
          await response.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
          continue;
        }
        await Promise.race([this.log.nextAppend(), response.ended]);
      }
    } finally {
      this.subscriptions.delete(response);
    }
  }
}

export async function startEsdbProtocolServer(): Promise<EsdbProtocolServer> {
  const log = new EsdbLog();
  seedSystemEvents(log);
  const handlers = new StreamsHandlers(log);
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the protocol test server' });
  const implementation: IStreamsServer = {
    append: (call, callback) => handlers.append(call, callback),
    read: (call) => handlers.read(call),
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: (call) => call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'use Append' }),
  };
  const server = new grpc.Server();
  server.addService(StreamsService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions: () => handlers.dropSubscriptions(),
    stop: async () => {
      handlers.stop();
      server.forceShutdown();
    },
  };
}
