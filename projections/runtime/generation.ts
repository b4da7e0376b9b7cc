import { DataSource } from 'typeorm';
import type { Projection } from './projection';

/**
 * A generation is one build of a projection in its own PostgreSQL schema (`<name>_g<N>`), with its tables
 * (from the projection's TypeORM migrations) and its checkpoint row. The live generation serves reads; a
 * rebuild fills the next one beside it and is swapped in when caught up (ADR 0006).
 */
export const generationSchema = (projection: string, generation: number): string => `${projection.replace(/-/g, '_')}_g${generation}`;

const SAFE = /^[a-z][a-z0-9_]{0,62}$/;

export async function openGeneration(databaseUrl: string, projection: Projection, schema: string, poolSize = 4): Promise<DataSource> {
  if (!SAFE.test(schema)) throw new Error(`Bad schema name: ${schema}`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    schema,
    entities: projection.entities,
    migrations: projection.migrations,
    migrationsTableName: 'typeorm_migrations',
    // Unqualified names in migrations and queries resolve to this generation's schema. Commits do not wait
    // for their WAL flush (ADR 0015): all a generation holds is derived from the log, and a batch and its
    // checkpoint still commit as one, so a server crash can only take back the last batches whole (they
    // are applied again from the checkpoint), never half of one.
    extra: { max: poolSize, options: `-c search_path=${schema} -c synchronous_commit=off` },
    logging: false,
  });
  await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await dataSource.runMigrations({ transaction: 'all' });
    await dataSource.query(`CREATE TABLE IF NOT EXISTS ${schema}.projection_checkpoint (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      position text NOT NULL,
      events_applied bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await dataSource.query(`INSERT INTO ${schema}.projection_checkpoint (id, position) VALUES (1, '') ON CONFLICT (id) DO NOTHING`);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export async function readCheckpoint(dataSource: DataSource, schema: string): Promise<{ position: string; eventsApplied: number }> {
  const [row] = await dataSource.query(`SELECT position, events_applied FROM ${schema}.projection_checkpoint WHERE id = 1`);
  return { position: row?.position ?? '', eventsApplied: Number(row?.events_applied ?? 0) };
}
