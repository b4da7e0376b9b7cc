import { Pool } from 'pg';
import { SqlMigration, runSqlMigrations } from '../database/sql-migrations';

/**
 * Where a process manager that follows the log keeps its position (PostgreSQL, whichever store holds the
 * log). It only moves forward; the work it records is idempotent, so a crash before a save means the
 * last events are handled twice, never skipped.
 */
const migrations: readonly SqlMigration[] = [
  {
    id: '0001-process-checkpoints',
    sql: `CREATE TABLE process_checkpoints (
            name text PRIMARY KEY,
            position text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
          )`,
  },
];

export class CheckpointStore {
  constructor(private readonly pool: Pool) {}

  migrate(): Promise<string[]> {
    return runSqlMigrations(this.pool, 'checkpoint_schema_migrations', migrations);
  }

  async load(name: string): Promise<string> {
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM process_checkpoints WHERE name = $1', [name]);
    return rows[0]?.position ?? '';
  }

  async save(name: string, position: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO process_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
       WHERE process_checkpoints.position < excluded.position`,
      [name, position],
    );
  }
}
