import { Client, ClientConfig, Pool, PoolConfig } from 'pg';
import { runSqlMigrations } from '../../platform/database/sql-migrations';
import { StreamHead, StreamHeads, appendChained } from '../chained-append';
import { followLog } from '../follow-log';
import { GENESIS_HASH } from '../hash-chain';
import {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  JsonObject,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedStream,
  START,
  StoredEvent,
  SubscribeOptions,
} from '../port';
import { decodes, postgresPosition } from '../positions';
import { WakeSignal } from '../wake-signal';
import { closePool } from '../../platform/database/close-pool';
import { GroupCommit } from './group-commit';
import { eventStoreMigrations } from './schema';

const CHANNEL = 'ledgerline_events';
/**
 * After a wake-up, readers look again a few times: the event that woke them may sit behind a transaction
 * still in flight (gap safety holds it back), and that transaction may not be an append that notifies.
 */
const FOLLOW_UP_WAKES_MS = [5, 25, 100, 250];

interface EventRow {
  event_id: string;
  stream_id: string;
  version: string;
  transaction_id: string;
  global_position: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  occurred_at: Date;
}

const COLUMNS = 'event_id, stream_id, version, transaction_id, global_position, type, data, metadata, occurred_at';

/** es_streams rows per page of recordedStreams(). */
const RECORDED_STREAMS_PAGE = 1000;

export interface PostgresEventStoreOptions {
  /** Pool for appends and reads. */
  pool: Pool;
  /** Connection settings for the LISTEN connection subscribers share. */
  listenConfig: ClientConfig;
  /** Close the pool on close() (true when the store created it). */
  ownsPool?: boolean;
}

export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly wake = new WakeSignal();
  private listener?: Promise<Client>;
  private followUps: NodeJS.Timeout[] = [];
  /**
   * The server processes (this pool's connections) whose NOTIFYs are this store's own appends, woken for
   * already. A pid the server reuses for another writer only delays that one's wake to the idle re-read.
   */
  private readonly ownNotifiers = new Set<number>();
  /** The event types the follow-up wakes are for; undefined when any type (an append that did not say). */
  private followUpTypes: Set<string> | undefined = new Set();
  private closed = false;
  /** Each recently used stream's last known (version, hash): the usual append needs no read for its hash. */
  private readonly heads = new StreamHeads();
  /** Appends are written by group commit, one statement per flush, its NOTIFY included (ADR 0013). */
  private readonly commits: GroupCommit;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.commits = new GroupCommit(this.pool, CHANNEL, (types, notifiedBy) => {
      this.ownNotifiers.add(notifiedBy);
      this.onAppended(types);
    });
  }

  static fromConnectionString(connectionString: string, poolConfig: PoolConfig = {}): PostgresEventStore {
    const pool = new Pool({ connectionString, max: 10, ...poolConfig });
    // An idle client that loses its connection (server restart, database dropped) leaves the pool by itself;
    // without a listener its 'error' event would crash the process.
    pool.on('error', () => undefined);
    return new PostgresEventStore({
      pool,
      listenConfig: { connectionString },
      ownsPool: true,
    });
  }

  async migrate(): Promise<void> {
    await runSqlMigrations(this.pool, 'es_schema_migrations', eventStoreMigrations);
  }

  /**
   * Hashes the events onto the stream's chain (ADR 0008), then appends them with the next flush. The hash to
   * chain to comes from the last readStream/append of the stream in this process; otherwise (another process
   * wrote last, or `any`) from one extra read.
   */
  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return appendChained(streamId, events, expected, this.heads, {
      linkAt: (id, version) => this.linkAt(id, version),
      lastHead: (id) => this.lastHead(id),
      write: (id, chained, exact) => this.commits.write(id, chained, exact),
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version`,
      [streamId, options.fromVersion ?? 0, options.toVersion ?? Number.MAX_SAFE_INTEGER],
    );
    const events = rows.map(toStoredEvent);
    this.heads.rememberRead(events);
    return events;
  }

  /**
   * Reads in (transaction_id, global_position) order and only below the oldest transaction in flight: an
   * event whose transaction commits later can then never fall behind a position a reader already passed.
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = postgresPosition.decode(options.after ?? START);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events
       WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         AND ($3::text[] IS NULL OR type = ANY($3::text[]))
         AND ($4::text IS NULL OR starts_with(stream_id, $4::text))
       ORDER BY transaction_id, global_position
       LIMIT $5`,
      [
        after.transactionId.toString(),
        after.globalPosition.toString(),
        options.types && options.types.length > 0 ? options.types : null,
        options.streamPrefix || null,
        options.limit ?? 1000,
      ],
    );
    return rows.map(toStoredEvent);
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return this.follow(options);
  }

  isPosition(text: string): boolean {
    return decodes(postgresPosition.decode, text);
  }

  async headPosition(): Promise<Position> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id, global_position FROM es_events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows.length === 0 ? START : postgresPosition.encode(rows[0].transaction_id, rows[0].global_position);
  }

  async lastCommittedPosition(): Promise<Position> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id, global_position FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
    );
    return rows.length === 0 ? START : postgresPosition.encode(rows[0].transaction_id, rows[0].global_position);
  }

  /** es_streams, page by page in stream id order. */
  async *recordedStreams(filter: { streamPrefix?: string } = {}): AsyncIterable<RecordedStream> {
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<{ stream_id: string; version: string }>(
        `SELECT stream_id, version FROM es_streams
         WHERE stream_id > $1 AND ($2::text IS NULL OR starts_with(stream_id, $2::text))
         ORDER BY stream_id LIMIT $3`,
        [after, filter.streamPrefix || null, RECORDED_STREAMS_PAGE],
      );
      for (const row of rows) yield { streamId: row.stream_id, version: Number(row.version) };
      if (rows.length < RECORDED_STREAMS_PAGE) return;
      after = rows[rows.length - 1].stream_id;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.commits.drained();
    this.followUps.forEach(clearTimeout);
    this.wake.notify();
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await listener.then((client) => client.end()).catch(() => undefined);
    if (this.options.ownsPool) await closePool(this.pool);
  }

  private async *follow(options: SubscribeOptions): AsyncGenerator<StoredEvent> {
    await this.listen();
    yield* followLog(this, this.wake, options);
  }

  private async linkAt(streamId: string, version: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ hash: string | null }>(
      `SELECT metadata->>'hash' AS hash FROM es_events WHERE stream_id = $1 AND version = $2`,
      [streamId, version],
    );
    return rows.length === 0 ? undefined : (rows[0].hash ?? GENESIS_HASH);
  }

  private async lastHead(streamId: string): Promise<StreamHead | undefined> {
    const { rows } = await this.pool.query<{ version: string; hash: string | null }>(
      `SELECT version, metadata->>'hash' AS hash FROM es_events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1`,
      [streamId],
    );
    return rows.length === 0 ? undefined : { version: Number(rows[0].version), link: rows[0].hash ?? GENESIS_HASH };
  }

  /** One LISTEN connection per store, shared by its subscribers; reconnects after a drop. */
  private listen(): Promise<Client> {
    if (this.listener) return this.listener;
    const connect = async () => {
      const client = new Client(this.options.listenConfig);
      // The payload lists the flush's event types; an empty one (another writer) may be anything.
      client.on('notification', (message) => {
        if (!this.ownNotifiers.has(message.processId)) this.onAppended(message.payload ? message.payload.split(',') : undefined);
      });
      client.on('error', () => {
        this.listener = undefined;
        client.end().catch(() => undefined);
        // Followers keep polling at their idle interval until the next subscribe reconnects.
        if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    };
    this.listener = connect();
    this.listener.catch(() => (this.listener = undefined));
    return this.listener;
  }

  /**
   * Wakes this process's followers of `types` (all of them when undefined), then again a few times (gap
   * safety may still hide what woke them); an append meanwhile adds its types to those later wakes.
   */
  private onAppended(types: readonly string[] | undefined): void {
    this.wake.notify(types);
    if (this.followUpTypes !== undefined) {
      if (types === undefined) this.followUpTypes = undefined;
      else for (const type of types) this.followUpTypes.add(type);
    }
    if (this.followUps.length > 0) return;
    this.followUps = FOLLOW_UP_WAKES_MS.map((ms, i) =>
      setTimeout(() => {
        this.wake.notify(this.followUpTypes && [...this.followUpTypes]);
        if (i === FOLLOW_UP_WAKES_MS.length - 1) {
          this.followUps = [];
          this.followUpTypes = new Set();
        }
      }, ms),
    );
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    position: postgresPosition.encode(row.transaction_id, row.global_position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
  };
}
