import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../../libs/event-store/port';
import { deferReadIndexes } from './deferred-indexes';
import { generationSchema, openGeneration } from './generation';
import type { Projection } from './projection';
import { ProjectionRegistry } from './projection-registry';
import { ProjectionRunner } from './projection-runner';
import { publishReadViews } from './read-views';

const READERS_GRACE_MS = 3000;
/**
 * Events per transaction while replaying: the per-batch costs (a round trip per statement, the commit, the
 * loads of what the batch touches) are spread over many events, and the batch stays small enough for its
 * events to die young in V8's heap (much larger batches cost more in garbage collection than they save).
 */
const REBUILD_BATCH_SIZE = 2000;

export interface RebuildResult {
  projection: string;
  generation: number;
  previousGeneration: number;
  eventsApplied: number;
  seconds: number;
  eventsPerSecond: number;
  /** False when the old generation was still in use after the grace period: drop it later. */
  droppedPrevious: boolean;
}

export interface RebuildOptions {
  store: EventStore;
  pool: Pool;
  databaseUrl: string;
  projection: Projection;
  onProgress?: (eventsApplied: number) => void;
  batchSize?: number;
  /** How long to wait for the hosts to let go of the old generation before dropping it. */
  releaseTimeoutMs?: number;
}

/**
 * Rebuild beside, then swap (ADR 0006): replay the whole log into a fresh generation while the live one
 * keeps serving reads, make it live once it has caught up with the head, and drop the old one when no
 * runner holds it any more. The hosts (api, projector) follow the registry and switch within a second.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { store, pool, databaseUrl, projection } = options;
  const registry = new ProjectionRegistry(pool);
  await registry.migrate();
  const guard = await pool.connect();
  try {
    const [{ locked }] = (await guard.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`ledgerline:rebuild:${projection.name}`])).rows;
    if (!locked) throw new Error(`A rebuild of ${projection.name} is already running`);
    const generation = await registry.beginRebuild(projection.name);
    const schema = generationSchema(projection.name, generation);
    // Leftovers of an abandoned attempt at this generation: a rebuild always starts from empty tables.
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const dataSource = await openGeneration(databaseUrl, projection, schema);
    const started = performance.now();
    const stop = new AbortController();
    const runner = new ProjectionRunner(store, dataSource, projection, schema, { batchSize: options.batchSize ?? REBUILD_BATCH_SIZE });
    runner.on('progress', (status: { eventsApplied: number }) => options.onProgress?.(status.eventsApplied));
    let running: Promise<void> | undefined;
    try {
      const buildReadIndexes = await deferReadIndexes(dataSource, schema, projection.readIndexes ?? []);
      running = runner.run(stop.signal);
      await catchUp(store, runner);
      stop.abort();
      await running;
      // Before the swap: the generation goes live with every index its reads expect.
      await buildReadIndexes();
    } finally {
      stop.abort();
      await running;
      await dataSource.destroy();
    }
    const seconds = (performance.now() - started) / 1000;
    const previousGeneration = await registry.swap(projection.name, generation);
    await publishReadViews(pool, schema);
    const droppedPrevious = await dropWhenReleased(guard, generationSchema(projection.name, previousGeneration), options.releaseTimeoutMs ?? 30_000);
    const eventsApplied = runner.current.eventsApplied;
    return { projection: projection.name, generation, previousGeneration, eventsApplied, seconds, eventsPerSecond: Math.round(eventsApplied / seconds), droppedPrevious };
  } finally {
    await guard.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    guard.release();
  }
}

/**
 * Applies the log up to the head as it was at the start, then up to the head as it is by then: close enough
 * to swap. The live log never stops growing, and it need not: the hosts carry the new generation on from
 * its checkpoint, so a swap a few events behind the head is caught up within a batch.
 */
async function catchUp(store: EventStore, runner: ProjectionRunner): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const head = await store.headPosition();
    while (!(await runner.waitFor(head, 1000))) {
      if (runner.current.state === 'failed') {
        const { error } = runner.current;
        throw new Error(`rebuild stopped at ${error?.position} (${error?.type} in ${error?.streamId}): ${error?.message}`);
      }
    }
  }
}

/** The old generation goes once its runner (holding its advisory lock) has let go. */
async function dropWhenReleased(client: PoolClient, schema: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ locked }] = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`ledgerline:projection:${schema}`])).rows;
    if (locked) {
      // Hosts that only read (PROJECTIONS=off) hold no lock: give them a few registry polls to switch.
      await new Promise((resolve) => setTimeout(resolve, READERS_GRACE_MS));
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`ledgerline:projection:${schema}`]);
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
