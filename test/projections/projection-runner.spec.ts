import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, EntityManager, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { StoredEvent } from '@ledgerline/event-store/port';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { Projection } from '@ledgerline/projections/runtime/projection';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';

@Entity({ name: 'tallies' })
class Tally {
  @PrimaryColumn('text') key: string;
  @Column('int') count: number;
}

class CreateTallies1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE tallies (key text PRIMARY KEY, count int NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tallies');
  }
}

/** Counts events per type; refuses an event of type `Poison`. */
const tallies: Projection = {
  name: 'tallies',
  entities: [Tally],
  migrations: [CreateTallies1700000000000],
  async apply(events: readonly StoredEvent[], manager: EntityManager) {
    for (const event of events) {
      if (event.type === 'Poison') throw new Error('cannot digest this');
      await manager.query('INSERT INTO tallies (key, count) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET count = tallies.count + 1', [event.type]);
    }
  },
};

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

describe('projection runtime on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('proj_runtime');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const append = async (type: string, count = 1) => {
    let last = '';
    for (let i = 0; i < count; i++) last = (await store.append(`thing-${randomUUID()}`, [{ type, data: {}, metadata: meta }], 'no_stream')).position;
    return last;
  };
  const counts = async (ds: DataSource) =>
    Object.fromEntries((await ds.getRepository(Tally).find()).map((t) => [t.key, t.count]));

  it('applies the log in batches with the checkpoint in the same transaction, and resumes after a restart', async () => {
    const schema = generationSchema('tallies', 1);
    const ds = await openGeneration(database.url, tallies, schema);
    await append('A', 30);
    let stop = new AbortController();
    let runner = new ProjectionRunner(store, ds, tallies, schema, { batchSize: 7 });
    let running = runner.run(stop.signal);
    const lastA = await append('B', 5);
    expect(await runner.waitFor(lastA, 10_000)).toBe(true);
    expect(await counts(ds)).toEqual({ A: 30, B: 5 });
    stop.abort();
    await running;

    // Restart: nothing is applied twice, the next events are picked up.
    const lastC = await append('C', 3);
    stop = new AbortController();
    runner = new ProjectionRunner(store, ds, tallies, schema);
    running = runner.run(stop.signal);
    expect(await runner.waitFor(lastC, 10_000)).toBe(true);
    expect(await counts(ds)).toEqual({ A: 30, B: 5, C: 3 });
    expect(await readCheckpoint(ds, schema)).toEqual({ position: lastC, eventsApplied: 38 });
    stop.abort();
    await running;
    await ds.destroy();
  });

  it('lets only one runner per generation work; the other stands by', async () => {
    const schema = generationSchema('tallies', 2);
    const [ds1, ds2] = [await openGeneration(database.url, tallies, schema), await openGeneration(database.url, tallies, schema)];
    const stop = new AbortController();
    const first = new ProjectionRunner(store, ds1, tallies, schema);
    const second = new ProjectionRunner(store, ds2, tallies, schema, { standbyRetryMs: 50 });
    const running = [first.run(stop.signal), second.run(stop.signal)];
    const last = await append('D', 2);
    // Whichever took the lock first works; the other waits.
    expect(await Promise.race([first.waitFor(last, 10_000), second.waitFor(last, 10_000)])).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect([first.current.state, second.current.state].sort()).toEqual(['running', 'standby']);
    stop.abort();
    await Promise.all(running);
    await ds1.destroy();
    await ds2.destroy();
  });

  it('stops a projection at a poison event, keeping what came before and naming the event', async () => {
    const schema = generationSchema('tallies', 3);
    const ds = await openGeneration(database.url, tallies, schema);
    const before = await lastAppendedPosition(database.url);
    const goodBefore = await append('E', 4);
    const poison = await append('Poison');
    await append('E', 2);
    await ds.query(`UPDATE ${schema}.projection_checkpoint SET position = $1`, [before]);
    const stop = new AbortController();
    const runner = new ProjectionRunner(store, ds, tallies, schema, { batchSize: 100, batchWaitMs: 50 });
    await runner.run(stop.signal); // returns by itself once failed
    expect(runner.current).toMatchObject({ state: 'failed', position: goodBefore, error: { position: poison, type: 'Poison', message: 'cannot digest this' } });
    expect((await counts(ds)).E).toBe(4);
    expect((await readCheckpoint(ds, schema)).position).toBe(goodBefore);
    await ds.destroy();
  });
});
