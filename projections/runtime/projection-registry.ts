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

  /**
   * Starts a rebuild: the next generation number (one past the highest live or abandoned one). Only one
   * rebuild of a projection at a time: a second is refused while the first holds its lock (the caller's).
   */
  async beginRebuild(name: string): Promise<number> {
    await this.liveGeneration(name);
    const { rows } = await this.pool.query<{ generation: number }>(
      `UPDATE projection_registry SET rebuilding_generation = greatest(live_generation, coalesce(rebuilding_generation, 0)) + 1, updated_at = now()
       WHERE name = $1 RETURNING rebuilding_generation AS generation`,
      [name],
    );
    return rows[0].generation;
  }

  /** Makes a rebuilt generation the live one; returns the generation it replaced. */
  async swap(name: string, generation: number): Promise<number> {
    const { rows } = await this.pool.query<{ previous: number }>(
      `UPDATE projection_registry r SET live_generation = $2, rebuilding_generation = NULL, updated_at = now()
       FROM (SELECT live_generation AS previous FROM projection_registry WHERE name = $1 FOR UPDATE) old
       WHERE r.name = $1 RETURNING old.previous`,
      [name, generation],
    );
    return rows[0].previous;
  }

  /** The live generation, registering generation 1 for a projection seen for the first time. */
  async liveGeneration(name: string): Promise<number> {
    await this.pool.query('INSERT INTO projection_registry (name, live_generation) VALUES ($1, 1) ON CONFLICT (name) DO NOTHING', [name]);
    const { rows } = await this.pool.query<{ live_generation: number }>('SELECT live_generation FROM projection_registry WHERE name = $1', [name]);
    return rows[0].live_generation;
  }
}
