import { Pool } from 'pg';
import { SqlMigration, runSqlMigrations } from '../database/sql-migrations';
import { ClaimHolder, HOLDER_LOCK_SPACE } from './claim-holder';

/**
 * Durable `Idempotency-Key` records (docs/adr/0004-idempotency-keys.md, 0010). A key is claimed before the
 * command runs, holds the first successful response afterwards, and is released when the command fails.
 * A claim names the process that holds it (claim-holder.ts): a claim whose holder has died is taken over at
 * once; the lease only frees a claim whose holder lives but is stuck.
 */
export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

const LEASE_SECONDS = 60;

const migrations: readonly SqlMigration[] = [
  {
    id: '0001-idempotency-keys',
    sql: `CREATE TABLE idempotency_keys (
            scope text NOT NULL,
            key text NOT NULL,
            request_hash text NOT NULL,
            status_code integer,
            response_body jsonb,
            leased_until timestamptz NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            completed_at timestamptz,
            PRIMARY KEY (scope, key)
          )`,
  },
  {
    // NULL on claims made before holders were recorded: only their lease frees them.
    id: '0002-idempotency-claim-holder',
    sql: 'ALTER TABLE idempotency_keys ADD COLUMN holder integer',
  },
];

/** The claim's holder no longer holds its advisory lock in this database: its process (or session) is gone. */
const HOLDER_GONE = `holder IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 2
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND classid = ${HOLDER_LOCK_SPACE}::oid AND objid = idempotency_keys.holder::oid)`;

export class IdempotencyStore {
  private readonly holder: ClaimHolder;

  constructor(
    private readonly pool: Pool,
    onHolderLost?: (error: Error) => void,
  ) {
    this.holder = new ClaimHolder(pool, onHolderLost);
  }

  migrate(): Promise<string[]> {
    return runSqlMigrations(this.pool, 'idempotency_schema_migrations', migrations);
  }

  /** Takes this process's holder lock: before the first claim. */
  start(): Promise<void> {
    return this.holder.start();
  }

  /** Lets go of the holder lock (the pool stays open). Claims still held become free to take over. */
  close(): Promise<void> {
    return this.holder.close();
  }

  async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    const holder = this.holder.id;
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, leased_until, holder)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)
       ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, requestHash, LEASE_SECONDS, holder],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const { rows } = await this.pool.query<{ request_hash: string; status_code: number | null; response_body: unknown }>(
      'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (rows.length === 0) return this.claim(scope, key, requestHash); // released meanwhile
    const [row] = rows;
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code !== null) return { kind: 'replay', status: row.status_code, body: row.response_body };
    // Taking over is safe even from a holder that still runs: the command recognises its own events in the
    // log and answers from them instead of running twice (ADR 0011). The holder check only spares the wait.
    const takeover = await this.pool.query(
      `UPDATE idempotency_keys SET leased_until = now() + make_interval(secs => $3), holder = $4
       WHERE scope = $1 AND key = $2 AND status_code IS NULL AND (leased_until < now() OR (${HOLDER_GONE}))`,
      [scope, key, LEASE_SECONDS, holder],
    );
    return takeover.rowCount === 1 ? { kind: 'claimed' } : { kind: 'in_progress' };
  }

  /** Records the first response; a later completion (of a claim taken over) leaves it as it is. */
  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, completed_at = now()
       WHERE scope = $1 AND key = $2 AND status_code IS NULL`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** Frees this process's claim after a failed command; a claim another process took over stays its own. */
  async release(scope: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL AND holder = $3', [
      scope,
      key,
      this.holder.id,
    ]);
  }
}
