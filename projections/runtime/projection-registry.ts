import type { Pool } from 'pg';
import { runSqlMigrations } from '../../libs/platform/database/sql-migrations';

/**
 * Which generation of each projection is live (ADR 0006). A rebuild records the generation it fills, and
 * the swap is one update of `live_generation`.
 */
export class ProjectionRegistry {
  constructor(private readonly pool: Pool) {}

  migrate(): Promise<string[]> {
    return runSqlMigrations(this.pool, 'projection_schema_migrations', [
      {
        id: '0001-projection-registry',
        sql: `CREATE TABLE projection_registry (
                name text PRIMARY KEY,
                live_generation integer NOT NULL,
                rebuilding_generation integer,
                updated_at timestamptz NOT NULL DEFAULT now()
              )`,
      },
    ]);
  }

  /** The live generation, registering generation 1 for a projection seen for the first time. */
  async liveGeneration(name: string): Promise<number> {
    await this.pool.query('INSERT INTO projection_registry (name, live_generation) VALUES ($1, 1) ON CONFLICT (name) DO NOTHING', [name]);
    const { rows } = await this.pool.query<{ live_generation: number }>('SELECT live_generation FROM projection_registry WHERE name = $1', [name]);
    return rows[0].live_generation;
  }
}
