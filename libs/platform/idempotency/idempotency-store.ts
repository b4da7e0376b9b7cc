import { Pool } from 'pg';
import { SqlMigration, runSqlMigrations } from '../database/sql-migrations';

/**
 * Durable `Idempotency-Key` records (docs/adr/0004-idempotency-keys.md). A key is claimed before the command
 * runs, holds the first successful response afterwards, and is released when the command fails (a failed
 * command wrote nothing, so running it again is safe).
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
];

export class IdempotencyStore {
  constructor(private readonly pool: Pool) {}

  migrate(): Promise<string[]> {
    return runSqlMigrations(this.pool, 'idempotency_schema_migrations', migrations);
  }

  async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, leased_until)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, requestHash, LEASE_SECONDS],
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
    // A holder that died mid-command leaves its lease to run out; then the key may be taken over.
    const takeover = await this.pool.query(
      `UPDATE idempotency_keys SET leased_until = now() + make_interval(secs => $3)
       WHERE scope = $1 AND key = $2 AND status_code IS NULL AND leased_until < now()`,
      [scope, key, LEASE_SECONDS],
    );
    return takeover.rowCount === 1 ? { kind: 'claimed' } : { kind: 'in_progress' };
  }

  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, completed_at = now() WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL', [scope, key]);
  }
}
