import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { AppendResult, NewEvent, VersionConflictError } from '../port';
import { postgresPosition } from '../positions';

/** One append waiting for the next flush; its events are already hashed for `expected`. */
interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: 'no_stream' | number;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface ClaimedRow {
  idx: string;
  version: string;
  transaction_id: string;
  global_position: string;
  pid: number;
}

/** Events per flush at most: keeps one statement's parameters and its WAL record reasonable. */
const MAX_EVENTS_PER_FLUSH = 2000;

/**
 * Claims every append's versions (each with its own expected version) and inserts all their events, in one
 * statement: one round trip and one commit for the whole flush. An append whose expected version does not
 * hold claims nothing, so its events join nothing and it gets no row back; the others go in regardless.
 * A flush holds at most one append per stream, so each claim row is its append's own. The NOTIFY that wakes
 * other processes' followers (its payload: the event types of the flush) is part of the statement, so it is
 * sent on commit only, and costs no round trip of its own; a notifying transaction holds a cluster-wide
 * lock through its commit, which serialises nothing here, as a store commits one flush at a time.
 */
const FLUSH_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[]) WITH ORDINALITY AS a(stream_id, expected, n, idx)
  ),
  advanced AS (
    UPDATE es_streams s SET version = s.version + i.n
    FROM input i
    WHERE i.expected >= 0 AND s.stream_id = i.stream_id AND s.version = i.expected
    RETURNING i.idx, s.version
  ),
  created AS (
    INSERT INTO es_streams (stream_id, version)
    SELECT stream_id, n - 1 FROM input WHERE expected < 0
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING stream_id, version
  ),
  claimed AS (
    SELECT idx, version FROM advanced
    UNION ALL
    SELECT i.idx, c.version FROM created c JOIN input i ON i.stream_id = c.stream_id AND i.expected < 0
  ),
  appended AS (
    INSERT INTO es_events (event_id, stream_id, version, type, data, metadata)
    SELECT e.id, i.stream_id, c.version - i.n + e.k, e.type, e.data, e.metadata
    FROM unnest($4::int[], $5::int[], $6::uuid[], $7::text[], $8::jsonb[], $9::jsonb[]) WITH ORDINALITY AS e(aidx, k, id, type, data, metadata, ord)
    JOIN claimed c ON c.idx = e.aidx
    JOIN input i ON i.idx = e.aidx
    ORDER BY e.ord
    RETURNING stream_id, version, transaction_id, global_position
  ),
  notified AS (SELECT pg_notify($10::text, $11::text), pg_backend_pid() AS pid)
  SELECT c.idx, a.version, a.transaction_id, a.global_position, notified.pid
  FROM claimed c JOIN input i ON i.idx = c.idx JOIN appended a ON a.stream_id = i.stream_id AND a.version = c.version
  CROSS JOIN notified`;

/**
 * Group commit (docs/adr/0013-group-commit.md): an append that arrives while a flush is committing waits
 * for the next one, which writes everything that queued meanwhile in one transaction. With one writer
 * nothing waits (an idle store flushes at once, as a plain append would); with many, the commits that
 * PostgreSQL would make one by one, each waiting for its own WAL flush, become one.
 */
export class GroupCommit {
  private queue: PendingAppend[] = [];
  private flushing = false;

  constructor(
    private readonly pool: Pool,
    /** The channel to NOTIFY on commit. */
    private readonly channel: string,
    /**
     * Called once after each flush that wrote something, with its event types and the server process that
     * sent its NOTIFY: the store wakes its own followers at once, and knows that NOTIFY for its own.
     */
    private readonly onWritten: (types: readonly string[], notifiedBy: number) => void,
  ) {}

  write(streamId: string, events: readonly NewEvent[], expected: 'no_stream' | number): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.flushing) void this.flushAll();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  async drained(): Promise<void> {
    while (this.flushing) await new Promise((resolve) => setImmediate(resolve));
  }

  private async flushAll(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.flush(this.takeBatch());
    } finally {
      this.flushing = false;
    }
  }

  /**
   * The queued appends a flush takes: in arrival order, one per stream (a second append to a stream waits
   * for the next flush, where it is checked against what the first one wrote), up to MAX_EVENTS_PER_FLUSH.
   */
  private takeBatch(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    const left: PendingAppend[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (const append of this.queue) {
      const fits = batch.length === 0 || events + append.events.length <= MAX_EVENTS_PER_FLUSH;
      if (fits && !streams.has(append.streamId)) {
        batch.push(append);
        streams.add(append.streamId);
        events += append.events.length;
      } else left.push(append);
    }
    this.queue = left;
    return batch;
  }

  private async flush(batch: PendingAppend[]): Promise<void> {
    let rows: ClaimedRow[];
    try {
      const types = [...new Set(batch.flatMap((append) => append.events.map((event) => event.type)))];
      const values = [...flushParameters(batch), this.channel, types.join(',')];
      rows = (await this.pool.query<ClaimedRow>({ name: 'es_group_commit', text: FLUSH_SQL, values })).rows;
    } catch (error) {
      // One append can fail the whole statement (a duplicate event id; a deadlock with another process's
      // flush). Written one by one, each append gets its own result and only the culprit its error.
      if (batch.length === 1) batch[0].reject(error);
      else for (const append of batch) await this.flush([append]);
      return;
    }
    const claimed = new Map(rows.map((row) => [Number(row.idx) - 1, row]));
    const written = batch.filter((_, i) => claimed.has(i));
    if (written.length > 0) this.onWritten([...new Set(written.flatMap((append) => append.events.map((event) => event.type)))], rows[0].pid);
    const lost = batch.filter((_, i) => !claimed.has(i));
    const actual = lost.length === 0 ? new Map<string, number>() : await this.currentVersions(lost.map((a) => a.streamId)).catch(() => new Map<string, number>());
    batch.forEach((append, i) => {
      const row = claimed.get(i);
      if (row) {
        append.resolve({ version: Number(row.version), position: postgresPosition.encode(row.transaction_id, row.global_position) });
      } else {
        append.reject(new VersionConflictError(append.streamId, append.expected, actual.get(append.streamId) ?? -1));
      }
    });
  }

  private async currentVersions(streamIds: string[]): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ stream_id: string; version: string }>(
      'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1::text[])',
      [streamIds],
    );
    return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
  }
}

function flushParameters(batch: readonly PendingAppend[]): unknown[] {
  const appendIndex: number[] = [];
  const withinAppend: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  batch.forEach((append, a) => {
    append.events.forEach((event, k) => {
      appendIndex.push(a + 1);
      withinAppend.push(k + 1);
      ids.push(event.id ?? randomUUID());
      types.push(event.type);
      data.push(JSON.stringify(event.data));
      metadata.push(JSON.stringify(event.metadata));
    });
  });
  return [
    batch.map((a) => a.streamId),
    batch.map((a) => (a.expected === 'no_stream' ? -1 : a.expected)),
    batch.map((a) => a.events.length),
    appendIndex,
    withinAppend,
    ids,
    types,
    data,
    metadata,
  ];
}
