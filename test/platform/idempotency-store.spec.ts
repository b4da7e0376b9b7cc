import { Pool } from 'pg';
import { IdempotencyStore } from '@ledgerline/platform/idempotency/idempotency-store';
import { createTestDatabase } from '../support/test-database';

describe('IdempotencyStore on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let store: IdempotencyStore;

  beforeAll(async () => {
    database = await createTestDatabase('idem');
    pool = new Pool({ connectionString: database.url });
    store = new IdempotencyStore(pool);
    await store.migrate();
    expect(await store.migrate()).toEqual([]); // migrations apply once
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('claims a new key, then replays its response for the same request', async () => {
    expect(await store.claim('actor', 'k1', 'h1')).toEqual({ kind: 'claimed' });
    expect(await store.claim('actor', 'k1', 'h1')).toEqual({ kind: 'in_progress' });
    await store.complete('actor', 'k1', 201, { id: 'x' });
    expect(await store.claim('actor', 'k1', 'h1')).toEqual({ kind: 'replay', status: 201, body: { id: 'x' } });
    expect(await store.claim('actor', 'k1', 'other')).toEqual({ kind: 'mismatch' });
  });

  it('scopes keys by caller', async () => {
    await store.claim('a', 'shared', 'h');
    expect(await store.claim('b', 'shared', 'h')).toEqual({ kind: 'claimed' });
  });

  it('gives exactly one of many racing claims the key', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claim('actor', 'race', 'h')));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
  });

  it('frees a released key and lets an expired lease be taken over', async () => {
    await store.claim('actor', 'k2', 'h');
    await store.release('actor', 'k2');
    expect(await store.claim('actor', 'k2', 'h')).toEqual({ kind: 'claimed' });
    await pool.query(`UPDATE idempotency_keys SET leased_until = now() - interval '1 second' WHERE key = 'k2'`);
    expect(await store.claim('actor', 'k2', 'h')).toEqual({ kind: 'claimed' });
    expect(await store.claim('actor', 'k2', 'h')).toEqual({ kind: 'in_progress' });
  });
});
