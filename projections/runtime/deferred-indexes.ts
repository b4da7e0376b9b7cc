import type { DataSource } from 'typeorm';

/**
 * For a rebuild (ADR 0015): drops a fresh generation's read-only indexes (`Projection.readIndexes`) before
 * the log is replayed into it, and returns what builds them again exactly as the migrations made them. An
 * index built once over the full table is a sort; kept up to date while the rows arrive it is a B-tree
 * insertion per row (random pages for uuid and text keys), which is most of what such a table costs to
 * write. The generation serves no reads before it is swapped in, and `apply` never needs these indexes.
 */
export async function deferReadIndexes(dataSource: DataSource, schema: string, names: readonly string[]): Promise<() => Promise<void>> {
  if (names.length === 0) return async () => undefined;
  const found: { name: string; definition: string; unique: boolean }[] = await dataSource.query(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indisunique AS unique
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
     WHERE n.nspname = $1 AND i.relname = ANY($2)`,
    [schema, names],
  );
  // A stale name would quietly give up the gain; a unique index is a rule `apply` relies on, not a read path.
  const missing = names.filter((name) => !found.some((index) => index.name === name));
  if (missing.length > 0) throw new Error(`readIndexes name indexes ${schema} does not have: ${missing.join(', ')}`);
  const unique = found.filter((index) => index.unique).map((index) => index.name);
  if (unique.length > 0) throw new Error(`readIndexes name unique indexes of ${schema}, which apply relies on: ${unique.join(', ')}`);
  for (const { name } of found) await dataSource.query(`DROP INDEX ${schema}.${name}`);
  // Several at once: each build is one backend's sort, and the tables are not written meanwhile.
  return async () => {
    await Promise.all(found.map(({ definition }) => dataSource.query(definition)));
  };
}
