import { Pool } from 'pg';

export interface SqlMigration {
  /** Never renamed once released: it is the key in the migrations table. */
  id: string;
  sql: string;
}

/**
 * Applies plain-SQL migrations in order, once each, under an advisory lock so that several processes
 * starting at once (api and projector) do not race. Used for schemas that live below TypeORM: the event
 * store and the idempotency keys, which must work without it.
 */
export async function runSqlMigrations(pool: Pool, table: string, migrations: readonly SqlMigration[]): Promise<string[]> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`Bad migrations table name: ${table}`);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [table]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${table}`);
    const done = new Set(rows.map((r) => r.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, [migration.id]);
        await client.query('COMMIT');
        applied.push(migration.id);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [table]).catch(() => undefined);
    client.release();
  }
  return applied;
}
