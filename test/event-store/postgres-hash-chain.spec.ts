import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { GENESIS_HASH, eventHash, verifyChain, verifyStoreChains } from '@ledgerline/event-store/hash-chain';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { EventMetadata, NewEvent } from '@ledgerline/event-store/port';
import { createTestDatabase } from '../support/test-database';
import { untilAllVisible } from '../support/until-readable';

const meta = (): EventMetadata => ({ actor: 't', correlationId: randomUUID(), causationId: 'c', command: 'T', schemaVersion: 1 });
const event = (type: string, data: NewEvent['data'] = {}): NewEvent => ({ type, data, metadata: meta() });

/**
 * What the chain (ADR 0008) shows when someone edits es_events behind the store's back: an edited event,
 * a deleted one in the middle, at the end, or all of a stream's events.
 */
describe('PostgreSQL event store: tamper evidence', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let admin: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_chain');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    admin = new Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await store.close();
    await admin.end();
    await database.drop();
  });
  beforeEach(async () => {
    await admin.query('TRUNCATE es_events, es_streams');
  });

  /** Two streams: an order of five events (in three appends) and a customer of one. */
  async function log(): Promise<{ order: string; customer: string }> {
    const order = `order-${randomUUID()}`;
    const customer = `customer-${randomUUID()}`;
    await store.append(order, [event('OrderDrafted', { lines: [{ sku: 'A', quantity: 1 }] }), event('OrderSent')], 'no_stream');
    await store.append(customer, [event('CustomerCreated', { name: 'C' })], 'no_stream');
    await store.append(order, [event('OrderConfirmed', { total: '10.00' }), event('LinesShipped')], 1);
    await store.append(order, [event('InvoiceIssued', { gross: '12.00' })], 'any');
    return { order, customer };
  }

  const findings = async () => (await verifyStoreChains(store)).findings;

  it('finds nothing in a clean log, and counts what it checked', async () => {
    await log();
    // Full pages only once every write is readable: other test files' transactions hold the horizon back.
    await untilAllVisible(store);
    const progress: number[] = [];
    const report = await verifyStoreChains(store, { pageSize: 2, onProgress: (_checked, inPage) => progress.push(inPage) });
    expect(report).toEqual({ eventsChecked: 6, streamsChecked: 2, findings: [] });
    expect(progress).toEqual([2, 2, 2]);
  });

  it('reports an edited payload as changed, naming stream and version', async () => {
    const { order } = await log();
    await admin.query(`UPDATE es_events SET data = jsonb_set(data, '{total}', '"1000.00"') WHERE stream_id = $1 AND version = 2`, [order]);
    expect(await findings()).toEqual([expect.objectContaining({ streamId: order, version: 2, kind: 'changed' })]);
  });

  it('reports an edited metadata field and an edited type as changed', async () => {
    const { order, customer } = await log();
    await admin.query(`UPDATE es_events SET metadata = jsonb_set(metadata, '{actor}', '"mallory"') WHERE stream_id = $1 AND version = 0`, [customer]);
    await admin.query(`UPDATE es_events SET type = 'OrderCancelled' WHERE stream_id = $1 AND version = 4`, [order]);
    expect(await findings()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId: customer, version: 0, kind: 'changed' }),
        expect.objectContaining({ streamId: order, version: 4, kind: 'changed' }),
      ]),
    );
  });

  it('reports an event rewritten together with a fresh hash at the next event', async () => {
    const { order } = await log();
    const [before, target] = await store.readStream(order, { fromVersion: 1, toVersion: 2 });
    const forged = { ...target, data: { total: '1000.00' } };
    const hash = eventHash(before.metadata.hash!, forged);
    await admin.query(`UPDATE es_events SET data = $2, metadata = jsonb_set(metadata, '{hash}', to_jsonb($3::text)) WHERE stream_id = $1 AND version = 2`, [
      order,
      JSON.stringify(forged.data),
      hash,
    ]);
    expect(await findings()).toEqual([expect.objectContaining({ streamId: order, version: 3, kind: 'changed' })]);
  });

  it('reports a deleted middle event as missing, naming stream and version', async () => {
    const { order } = await log();
    await admin.query('DELETE FROM es_events WHERE stream_id = $1 AND version = 2', [order]);
    expect(await findings()).toEqual([
      expect.objectContaining({ streamId: order, version: 2, lastVersion: 2, kind: 'missing' }),
      expect.objectContaining({ streamId: order, version: 3, kind: 'broken-link' }),
    ]);
  });

  it('reports a deleted last event as missing, from the version es_streams records', async () => {
    const { order, customer } = await log();
    await admin.query('DELETE FROM es_events WHERE stream_id = $1 AND version = 4', [order]);
    expect(await findings()).toEqual([expect.objectContaining({ streamId: order, version: 4, lastVersion: 4, kind: 'missing' })]);
    // A stream with none of its events left.
    await admin.query('DELETE FROM es_events WHERE stream_id = $1', [customer]);
    expect(await findings()).toEqual(
      expect.arrayContaining([expect.objectContaining({ streamId: customer, version: 0, lastVersion: 0, kind: 'missing' })]),
    );
  });

  it('does not see a removed tail when es_streams is lowered to match (documented limit)', async () => {
    const { order } = await log();
    await admin.query('DELETE FROM es_events WHERE stream_id = $1 AND version = 4', [order]);
    await admin.query('UPDATE es_streams SET version = 3 WHERE stream_id = $1', [order]);
    expect(await findings()).toEqual([]);
  });

  it('reports events from before hashing as unhashed, and chains new appends after them', async () => {
    const legacy = `order-${randomUUID()}`;
    await admin.query(`INSERT INTO es_streams VALUES ($1, 1)`, [legacy]);
    for (const version of [0, 1]) {
      await admin.query(`INSERT INTO es_events (event_id, stream_id, version, type, data, metadata) VALUES ($1, $2, $3, 'Old', '{}', $4)`, [
        randomUUID(),
        legacy,
        version,
        JSON.stringify(meta()),
      ]);
    }
    // A process that read the stream (the usual command path), and one that did not.
    const other = PostgresEventStore.fromConnectionString(database.url);
    try {
      await other.append(legacy, [event('New')], 1);
      await store.readStream(legacy);
      await store.append(legacy, [event('Newer')], 2);
    } finally {
      await other.close();
    }
    const events = await store.readStream(legacy);
    expect(events[2].metadata.hash).toBe(eventHash(GENESIS_HASH, events[2]));
    expect(await findings()).toEqual([
      expect.objectContaining({ streamId: legacy, version: 0, kind: 'unhashed' }),
      expect.objectContaining({ streamId: legacy, version: 1, kind: 'unhashed' }),
    ]);
  });

  it('chains onto events another process appended (no cached head, or an old one)', async () => {
    const other = PostgresEventStore.fromConnectionString(database.url);
    const id = `order-${randomUUID()}`;
    try {
      await store.append(id, [event('A')], 'no_stream');
      await other.append(id, [event('B')], 0);
      await store.append(id, [event('C')], 1);
      await other.append(id, [event('D')], 'any');
      await store.append(id, [event('E')], 'any');
    } finally {
      await other.close();
    }
    const events = await store.readStream(id);
    expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(verifyChain(events, { streamId: id, version: 4 })).toEqual([]);
  });
});
