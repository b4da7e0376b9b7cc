import type { EntityManager } from 'typeorm';

/** A table's columns with the SQL types their JSON values are read as. */
export type Columns = readonly (readonly [name: string, type: string])[];
/** A row's values as JSON: text, numbers, booleans, null, and arrays or objects for jsonb columns. */
export type Row = Record<string, string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown }>;

export const columnList = (columns: Columns): string => columns.map(([name]) => name).join(', ');
const recordType = (columns: Columns): string => columns.map(([name, type]) => `${name} ${type}`).join(', ');

/**
 * A batch's writes as ONE statement: each multi-row insert, update or delete is a data-modifying CTE, and
 * its rows travel as one JSON array parameter that `json_to_recordset` turns back into typed rows. One
 * round trip however many tables and rows (the round trips, not the rows, dominated the batch time).
 * Money and rates travel as decimal strings and reach `numeric` without ever being a binary float.
 * The parts of one statement see the same snapshot, so they must touch disjoint rows: callers never
 * insert, update and delete the same row in one batch.
 */
export class BulkWrite {
  private readonly parts: string[] = [];
  private readonly params: string[] = [];

  insert(table: string, columns: Columns, rows: readonly Row[]): this {
    if (rows.length === 0) return this;
    const names = columnList(columns);
    return this.add(`INSERT INTO ${table} (${names}) SELECT ${names} FROM ${this.records(columns, rows)}`);
  }

  /** Inserts, or overwrites every non-key column of the row with the same key. */
  upsert(table: string, key: Columns, columns: Columns, rows: readonly Row[]): this {
    if (rows.length === 0) return this;
    const names = columnList([...key, ...columns]);
    return this.add(
      `INSERT INTO ${table} (${names}) SELECT ${names} FROM ${this.records([...key, ...columns], rows)}
       ON CONFLICT (${columnList(key)}) DO UPDATE SET ${columns.map(([name]) => `${name} = EXCLUDED.${name}`).join(', ')}`,
    );
  }

  /** Overwrites `columns` of existing rows found by `key`; their other columns stay. */
  update(table: string, key: Columns, columns: Columns, rows: readonly Row[]): this {
    if (rows.length === 0) return this;
    return this.add(
      `UPDATE ${table} AS t SET ${columns.map(([name]) => `${name} = r.${name}`).join(', ')}
       FROM ${this.records([...key, ...columns], rows)}
       WHERE ${key.map(([name]) => `t.${name} = r.${name}`).join(' AND ')}`,
    );
  }

  delete(table: string, key: Columns, rows: readonly Row[]): this {
    if (rows.length === 0) return this;
    const names = columnList(key);
    return this.add(`DELETE FROM ${table} WHERE (${names}) IN (SELECT ${names} FROM ${this.records(key, rows)})`);
  }

  async execute(manager: EntityManager): Promise<void> {
    if (this.parts.length === 0) return;
    const sql = this.parts.length === 1 ? this.parts[0] : `WITH ${this.parts.map((part, i) => `w${i} AS (${part})`).join(',\n')} SELECT 1`;
    await manager.query(sql, this.params);
  }

  private records(columns: Columns, rows: readonly Row[]): string {
    const index = this.params.push(JSON.stringify(rows));
    return `json_to_recordset($${index}::json) AS r(${recordType(columns)})`;
  }

  private add(part: string): this {
    this.parts.push(part);
    return this;
  }
}
