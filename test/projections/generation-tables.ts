import type { DataSource, EntityManager } from 'typeorm';
import type { StoredEvent } from '@ledgerline/event-store/port';
import type { Projection } from '@ledgerline/projections/runtime/projection';

/**
 * Every row of every read-model table of a generation, each table's rows in one total order (their text
 * form): two generations built from the same log must compare equal, row by row.
 */
export async function generationTables(dataSource: DataSource, schema: string): Promise<Record<string, unknown[]>> {
  const names: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT IN ('typeorm_migrations', 'projection_checkpoint') ORDER BY 1`,
    [schema],
  );
  const result: Record<string, unknown[]> = {};
  for (const { table_name } of names) result[table_name] = await dataSource.query(`SELECT * FROM ${schema}.${table_name} t ORDER BY t::text`);
  return result;
}

/** Applies the events in batches of `size` and counts the SQL statements each batch issued. */
export async function statementsPerBatch(projection: Projection, dataSource: DataSource, events: readonly StoredEvent[], size: number): Promise<number[]> {
  const statements: number[] = [];
  for (let i = 0; i < events.length; i += size) {
    await dataSource.transaction(async (manager) => {
      let count = 0;
      const counting = new Proxy(manager, {
        get: (target, key) => (key === 'query' ? (...args: Parameters<EntityManager['query']>) => (count++, target.query(...args)) : Reflect.get(target, key)),
      });
      await projection.apply(events.slice(i, i + size), counting);
      statements.push(count);
    });
  }
  return statements;
}
