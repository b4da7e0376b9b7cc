import type { Pool } from 'pg';

const INTERNAL_TABLES = ['typeorm_migrations', 'projection_checkpoint'];

/**
 * Stable names for dashboards: `read.<table>` views over the live generation's tables, re-pointed in one
 * transaction when a rebuild swaps generations (before the old schema is dropped, which would take the
 * views with it). Table names are unique across projections.
 */
export async function publishReadViews(pool: Pool, schema: string): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Several processes publish at start-up; one at a time keeps the DDL from colliding.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('ledgerline:read-views'))");
    await client.query('CREATE SCHEMA IF NOT EXISTS read');
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($2)) ORDER BY table_name`,
      [schema, INTERNAL_TABLES],
    );
    for (const { table_name: table } of rows) {
      await client.query(`DROP VIEW IF EXISTS read.${table}`);
      await client.query(`CREATE VIEW read.${table} AS SELECT * FROM ${schema}.${table}`);
    }
    await client.query('COMMIT');
    return rows.map((r) => r.table_name);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
