import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { upcast } from '../../libs/contracts/upcasters';
import type { EventStore, StoredEvent } from '../../libs/event-store/port';
import { START, comparePositions } from '../../libs/event-store/port';
import { generationSchema, openGeneration, readCheckpoint } from '../runtime/generation';
import type { Projection } from '../runtime/projection';
import { ProjectionRegistry } from '../runtime/projection-registry';

/** One table whose live rows differ from a replay of the log. */
export interface TableDifference {
  table: string;
  /** Rows the replay has and the live table lacks (or holds differently). */
  missingFromLive: number;
  /** Rows the live table has that the replay does not produce. */
  unexpectedInLive: number;
  /** Up to three rows of each kind, as PostgreSQL's row text. */
  samples: { missingFromLive: string[]; unexpectedInLive: string[] };
}

export interface ReplayCheck {
  projection: string;
  liveSchema: string;
  /** The live generation's checkpoint: the replay was applied up to exactly this position. */
  position: string;
  eventsApplied: number;
  tables: number;
  differences: TableDifference[];
  /** Set when an event could not be applied at all (e.g. an edited payload that contradicts the rest). */
  failure: ReplayFailure | null;
}

export interface ReplayFailure {
  position: string;
  streamId: string;
  version: number;
  type: string;
  message: string;
}

/** The replay stopped at an event the projection refused. */
export class ReplayError extends Error {
  constructor(readonly failure: ReplayFailure) {
    super(`${failure.type} ${failure.streamId}@${failure.version}: ${failure.message}`);
    this.name = 'ReplayError';
  }
}

/** A projection replayed into scratch tables, kept for the invariant checks that follow. */
export interface Replayed {
  check: ReplayCheck;
  scratch: ScratchGeneration;
}

const PAGE = 1000;
const SAMPLES = 3;

/**
 * Proof that a read model follows from the log (verify, part (a)): copy the live generation's tables
 * and checkpoint in one snapshot (a running projector may move on meanwhile), replay the log from the
 * start into scratch tables up to that very checkpoint, and compare the two row by row in SQL (EXCEPT ALL,
 * so duplicates count). Nothing live is written; the snapshot goes when the check ends.
 */
export async function checkReplay(options: {
  store: EventStore;
  pool: Pool;
  databaseUrl: string;
  projection: Projection;
  onProgress?: (events: number) => void;
}): Promise<Replayed> {
  const { store, pool, databaseUrl, projection } = options;
  const live = generationSchema(projection.name, await new ProjectionRegistry(pool).liveGeneration(projection.name));
  const tag = randomUUID().replace(/-/g, '').slice(0, 10);
  const snapshot = `verify_snap_${tag}`;
  const { position, tables } = await snapshotLive(pool, live, snapshot);
  try {
    const scratch = await ScratchGeneration.open(databaseUrl, projection, `verify_${projection.name.replace(/-/g, '_')}_${tag}`);
    let eventsApplied = 0;
    let failure: ReplayFailure | null = null;
    try {
      eventsApplied = await scratch.applyUpTo(store, position, options.onProgress);
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      failure = error.failure;
    }
    const differences: TableDifference[] = [];
    for (const table of failure ? [] : tables) {
      const difference = await compareTable(pool, `${snapshot}.${table}`, `${scratch.schema}.${table}`, table);
      if (difference) differences.push(difference);
    }
    return { check: { projection: projection.name, liveSchema: live, position, eventsApplied, tables: tables.length, differences, failure }, scratch };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${snapshot} CASCADE`);
  }
}

async function snapshotLive(pool: Pool, live: string, snapshot: string): Promise<{ position: string; tables: string[] }> {
  const client = await pool.connect();
  try {
    // One snapshot for the checkpoint and every table: they describe the same moment.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const exists = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [live]);
    if (exists.rowCount === 0) throw new Error(`The live generation ${live} does not exist: has the projection ever run?`);
    const { rows } = await client.query<{ position: string }>(`SELECT position FROM ${live}.projection_checkpoint WHERE id = 1`);
    const names = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'
       AND table_name NOT IN ('typeorm_migrations', 'projection_checkpoint') ORDER BY 1`,
      [live],
    );
    await client.query(`CREATE SCHEMA ${snapshot}`);
    for (const { table_name } of names.rows) await client.query(`CREATE TABLE ${snapshot}.${table_name} AS TABLE ${live}.${table_name}`);
    await client.query('COMMIT');
    return { position: rows[0]?.position ?? START, tables: names.rows.map((r) => r.table_name) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function compareTable(pool: Pool, live: string, replay: string, table: string): Promise<TableDifference | null> {
  const diff = async (from: string, minus: string) => {
    const { rows } = await pool.query<{ row: string; total: string }>(
      `SELECT d.row, count(*) OVER () AS total FROM (SELECT t::text AS row FROM ${from} t EXCEPT ALL SELECT t::text FROM ${minus} t) d ORDER BY d.row LIMIT ${SAMPLES}`,
    );
    return { count: Number(rows[0]?.total ?? 0), samples: rows.map((r) => r.row) };
  };
  const [missing, unexpected] = await Promise.all([diff(replay, live), diff(live, replay)]);
  if (missing.count === 0 && unexpected.count === 0) return null;
  return { table, missingFromLive: missing.count, unexpectedInLive: unexpected.count, samples: { missingFromLive: missing.samples, unexpectedInLive: unexpected.samples } };
}

/** Scratch tables of a projection, filled by applying the log page by page (no checkpoint races: one writer). */
export class ScratchGeneration {
  private constructor(
    readonly projection: Projection,
    readonly schema: string,
    private readonly dataSource: DataSource,
    private position: string,
  ) {}

  static async open(databaseUrl: string, projection: Projection, schema: string): Promise<ScratchGeneration> {
    const dataSource = await openGeneration(databaseUrl, projection, schema, 2);
    const { position } = await readCheckpoint(dataSource, schema);
    return new ScratchGeneration(projection, schema, dataSource, position);
  }

  /** Applies every event after the scratch's position up to `last` (inclusive); returns how many. */
  async applyUpTo(store: EventStore, last: string, onProgress?: (events: number) => void): Promise<number> {
    let applied = 0;
    while (comparePositions(this.position, last) < 0) {
      const page = (await store.readAll({ after: this.position, limit: PAGE })).filter((e) => comparePositions(e.position, last) <= 0).map((e) => upcast(e));
      if (page.length === 0) break;
      await this.apply(page);
      this.position = page[page.length - 1].position;
      applied += page.length;
      onProgress?.(page.length);
    }
    return applied;
  }

  /** A batch in one transaction; when it fails, event by event to name the one the projection refuses. */
  private async apply(page: readonly StoredEvent[]): Promise<void> {
    try {
      await this.dataSource.transaction((manager) => this.projection.apply(page, manager));
      return;
    } catch {
      // Find the culprit below.
    }
    for (const event of page) {
      try {
        await this.dataSource.transaction((manager) => this.projection.apply([event], manager));
      } catch (error) {
        const { position, streamId, version, type } = event;
        throw new ReplayError({ position, streamId, version, type, message: (error as Error).message });
      }
    }
  }

  async drop(): Promise<void> {
    await this.dataSource.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.dataSource.destroy();
  }
}
