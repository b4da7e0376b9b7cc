import { Pool } from 'pg';
import { HOLDER_LOCK_SPACE } from '@ledgerline/platform/idempotency/claim-holder';
import { IdempotencyStore } from '@ledgerline/platform/idempotency/idempotency-store';
import { createTestDatabase } from '../support/test-database';

describe('IdempotencyStore on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let store: IdempotencyStore;
  const others: { store: IdempotencyStore; pool: Pool }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('idem');
    pool = new Pool({ connectionString: database.url });
    store = new IdempotencyStore(pool);
    await store.migrate();
    expect(await store.migrate()).toEqual([]); // migrations apply once
    await store.start();
  });
  afterAll(async () => {
    for (const other of others) await other.store.close().then(() => other.pool.end());
    await store.close();
    await pool.end();
    await database.drop();
  });

  /** Another process: its own pool, so its own sessions. */
  async function otherProcess(): Promise<{ store: IdempotencyStore; pool: Pool }> {
    const other = { pool: new Pool({ connectionString: database.url, max: 3 }), store: undefined as unknown as IdempotencyStore };
    other.pool.on('error', () => undefined);
    other.store = new IdempotencyStore(other.pool);
    await other.store.start();
    others.push(other);
    return other;
  }
  /** Holder ids whose advisory lock is held in this database now. */
  const liveHolders = async () =>
    (
      await pool.query<{ id: number }>(
        `SELECT objid::bigint::int AS id FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::int::oid
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [HOLDER_LOCK_SPACE],
      )
    ).rows.map((r) => r.id);
  /** PostgreSQL ends a session a moment after its client went away; until then its locks are still held. */
  async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const holderOf = async (key: string) => (await pool.query<{ holder: number | null }>('SELECT holder FROM idempotency_keys WHERE key = $1', [key])).rows[0].holder;

  it('claims a new key, then replays its response for the same request', async () => {
    expect(await store.claim('actor', 'k1', 'h1')).toEqual({ kind: 'claimed' });
    expect(await store.claim('actor', 'k1', 'h1')).toEqual({ kind: 'in_progress' });
    await store.complete('actor', 'k1', 201, { id: 'x' });
    expect(await store.claim('actor', 'k1', 'h1')).toEqual({ kind: 'replay', status: 201, body: { id: 'x' } });
    expect(await store.claim('actor', 'k1', 'other')).toEqual({ kind: 'mismatch' });
  });

  it('keeps the first response when a claim taken over completes twice', async () => {
    await store.claim('actor', 'twice', 'h');
    await store.complete('actor', 'twice', 201, { id: 'first' });
    await store.complete('actor', 'twice', 201, { id: 'second' });
    expect(await store.claim('actor', 'twice', 'h')).toEqual({ kind: 'replay', status: 201, body: { id: 'first' } });
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

  it('takes over the claim of a holder that died at once, and leaves a live holder its claim', async () => {
    const dying = await otherProcess();
    expect(await dying.store.claim('actor', 'orphan', 'h')).toEqual({ kind: 'claimed' });
    const dyingHolder = await holderOf('orphan');
    expect(await liveHolders()).toContain(dyingHolder);
    expect(await store.claim('actor', 'orphan', 'h')).toEqual({ kind: 'in_progress' });

    // Its process is gone: its sessions end, PostgreSQL drops its lock; the claim row stays behind.
    others.splice(others.indexOf(dying), 1);
    await dying.store.close();
    await dying.pool.end();
    await waitFor(async () => !(await liveHolders()).includes(dyingHolder!), 'the dead holder lock is gone');
    expect(await store.claim('actor', 'orphan', 'h')).toEqual({ kind: 'claimed' });
    const taker = await holderOf('orphan'); // the claim now names this (live) process
    expect(taker).not.toBe(dyingHolder);
    expect(await liveHolders()).toContain(taker);
    expect(await store.claim('actor', 'orphan', 'h')).toEqual({ kind: 'in_progress' });
  });

  it('releases only its own claim: one taken over by another process stays taken', async () => {
    const other = await otherProcess();
    await store.claim('actor', 'moved', 'h');
    await pool.query(`UPDATE idempotency_keys SET leased_until = now() - interval '1 second' WHERE key = 'moved'`);
    expect(await other.store.claim('actor', 'moved', 'h')).toEqual({ kind: 'claimed' });
    await store.release('actor', 'moved');
    expect(await store.claim('actor', 'moved', 'h')).toEqual({ kind: 'in_progress' });
  });

  it('takes its holder lock back when its session is cut, and keeps holders distinct', async () => {
    const other = await otherProcess();
    await other.store.claim('actor', 'cut', 'h');
    const holder = (await holderOf('cut'))!;
    const { rows: cut } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid = $1::int::oid AND objid = $2::int::oid`,
      [HOLDER_LOCK_SPACE, holder],
    );
    await pool.query('SELECT pg_terminate_backend($1)', [cut[0].pid]);
    // Terminating returns before the session is gone: until it is, its lock still shows as the holder's.
    await waitFor(async () => (await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [cut[0].pid])).rows.length === 0, 'the cut session is gone');
    await waitFor(async () => (await liveHolders()).includes(holder), 'the holder lock is taken back');
    expect(await other.store.claim('actor', 'cut-2', 'h')).toEqual({ kind: 'claimed' });
    expect(await holderOf('cut-2')).toBe(holder);
    expect(await store.claim('actor', 'cut-2', 'h')).toEqual({ kind: 'in_progress' });
    const holders = await liveHolders();
    expect(new Set(holders).size).toBe(holders.length);
  });

  it('frees a claim made before holders were recorded only when its lease runs out', async () => {
    await pool.query(`INSERT INTO idempotency_keys (scope, key, request_hash, leased_until) VALUES ('actor', 'legacy', 'h', now() + interval '1 minute')`);
    expect(await store.claim('actor', 'legacy', 'h')).toEqual({ kind: 'in_progress' });
    await pool.query(`UPDATE idempotency_keys SET leased_until = now() - interval '1 second' WHERE key = 'legacy'`);
    expect(await store.claim('actor', 'legacy', 'h')).toEqual({ kind: 'claimed' });
  });
});
