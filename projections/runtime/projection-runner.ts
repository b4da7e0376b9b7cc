import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { upcast } from '../../libs/contracts/upcasters';
import type { LiveFeed } from '../../libs/event-store/fan-out/live-feed';
import { serveShared } from '../../libs/event-store/fan-out/shared-stream';
import type { EventStore, Position, StoredEvent } from '../../libs/event-store/port';
import { comparePositions } from '../../libs/event-store/port';
import { readCheckpoint } from './generation';
import { catchUpThenFollow } from './catch-up-then-follow';
import type { Projection } from './projection';
import { ReadAhead } from './read-ahead';

export type ProjectionState = 'starting' | 'standby' | 'running' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  schema: string;
  state: ProjectionState;
  position: string;
  eventsApplied: number;
  /** Why a failed projection stopped: the event it could not apply. */
  error?: { message: string; position: string; type: string; streamId: string };
}

export interface RunnerOptions {
  /** Most events in one transaction (default 500); also the page size while catching up. */
  batchSize?: number;
  /**
   * How long a partial batch may wait for more events before it is applied (default 0: apply what has
   * arrived at once; what arrives meanwhile is the next batch).
   */
  batchWaitMs?: number;
  /** How often a standby runner tries to take the lock. */
  standbyRetryMs?: number;
  /**
   * The process's shared follower of the log (the host's): the runner catches up with reads of its own,
   * then takes live events from the feed, so the projections of one process cost the store one
   * subscription's reads per append rather than one each. Without it the runner subscribes on its own.
   */
  feed?: LiveFeed;
}

/**
 * Runs one projection generation: takes its advisory lock (one active runner per generation across
 * processes), reads its checkpoint, follows the log from there and applies batches, each in one
 * transaction with the checkpoint move. A batch that fails is replayed one event at a time to find the
 * event at fault; the events before it are kept, the projection stops as `failed` naming it.
 */
export class ProjectionRunner extends EventEmitter {
  private status: ProjectionStatus;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly schema: string,
    private readonly options: RunnerOptions = {},
  ) {
    super();
    // Every `?after=` read waiting on this projection listens for progress: many at once is normal.
    this.setMaxListeners(0);
    this.status = { name: projection.name, schema, state: 'starting', position: '', eventsApplied: 0 };
  }

  get current(): ProjectionStatus {
    return { ...this.status };
  }

  /** Resolves when the projection has applied `position` (true), or after `timeoutMs` (false). */
  waitFor(position: string, timeoutMs: number): Promise<boolean> {
    if (comparePositions(this.status.position, position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onProgress = () => {
        if (comparePositions(this.status.position, position) < 0) return;
        done(true);
      };
      const done = (reached: boolean) => {
        clearTimeout(timer);
        this.off('progress', onProgress);
        resolve(reached);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.on('progress', onProgress);
    });
  }

  async run(outer: AbortSignal): Promise<void> {
    // Our own signal too: a failed projection ends its subscription without waiting for the caller.
    const local = new AbortController();
    const signal = AbortSignal.any([outer, local.signal]);
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      if (!(await this.takeLock(lock, signal))) return;
      const checkpoint = await readCheckpoint(this.dataSource, this.schema);
      this.update({ state: 'running', position: checkpoint.position, eventsApplied: checkpoint.eventsApplied });
      const { batchSize = 500, batchWaitMs = 0 } = this.options;
      // One batch read ahead while another is applied: enough to overlap reading and writing, no more held in memory.
      const events = new ReadAhead(batchSize);
      const reading = this.read(checkpoint.position, events, signal);
      try {
        for (let batch = await events.take(batchSize, batchWaitMs); batch; batch = await events.take(batchSize, batchWaitMs)) {
          // Projections read every event in its current shape: older stored shapes are upcast on the way in.
          if (!(await this.applyBatch(batch.map((event) => upcast(event))))) return;
        }
      } finally {
        // Ends the reading (also when this projection failed) and lets go of what was read ahead.
        local.abort();
        events.end();
        await reading;
      }
      if (this.status.state === 'running') this.update({ state: 'stopped' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await lock.release();
    }
  }

  /** Fills `sink` with the log after `after` until `signal` aborts (or the feed closes). */
  private read(after: Position, sink: ReadAhead, signal: AbortSignal): Promise<void> {
    const { batchSize = 500, feed } = this.options;
    if (!feed) return sink.pump(catchUpThenFollow(this.store, { after, pageSize: batchSize, signal }));
    return serveShared(this.store, feed, sink, { after, signal, pageSize: batchSize }).then(
      () => sink.end(),
      (error: unknown) => sink.end(error),
    );
  }

  private async takeLock(lock: { query: (sql: string, params?: unknown[]) => Promise<{ locked: boolean }[]> }, signal: AbortSignal): Promise<boolean> {
    const { standbyRetryMs = 1000 } = this.options;
    for (;;) {
      const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`ledgerline:projection:${this.schema}`]);
      if (locked) return true;
      this.update({ state: 'standby' });
      await sleep(standbyRetryMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) {
        this.update({ state: 'stopped' });
        return false;
      }
    }
  }

  private async applyBatch(batch: StoredEvent[]): Promise<boolean> {
    try {
      await this.commit(batch);
      return true;
    } catch {
      // Find the event at fault: apply one by one, keeping every event before it.
      for (const event of batch) {
        try {
          await this.commit([event]);
        } catch (error) {
          this.update({
            state: 'failed',
            error: { message: (error as Error).message, position: event.position, type: event.type, streamId: event.streamId },
          });
          return false;
        }
      }
      return true;
    }
  }

  private async commit(events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    await this.dataSource.transaction(async (manager) => {
      await this.projection.apply(events, manager);
      // Moves forward only: a replay of an applied batch can never take it back.
      const [moved] = await manager.query(
        `WITH moved AS (
           UPDATE ${this.schema}.projection_checkpoint SET position = $1, events_applied = events_applied + $2, updated_at = now()
           WHERE id = 1 AND position < $1 RETURNING 1
         ) SELECT count(*)::int AS moved FROM moved`,
        [last, events.length],
      );
      if (moved.moved !== 1) throw new Error(`checkpoint of ${this.schema} did not move to ${last}: batch already applied`);
    });
    this.update({ position: last, eventsApplied: this.status.eventsApplied + events.length });
  }

  private update(change: Partial<ProjectionStatus>): void {
    this.status = { ...this.status, ...change };
    this.emit('progress', this.current);
  }
}
