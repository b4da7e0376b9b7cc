import type { EntityManager } from 'typeorm';
import { BulkWrite, Columns, Row } from '../shared/bulk-sql';
import { fromMinor } from '../shared/fixed-point';
import { loadValuedStock, NO_SKU_EXTRAS, ValuedStockTables, writeValuedStock } from '../shared/stock-valuation/valued-stock-store';
import type { TouchedKeys } from './journal-events';
import type { JournalChanges, JournalState } from './journal-state';

/**
 * Reads the rows one batch needs and writes back what it posted and changed: two `= ANY` SELECTs and one
 * multi-row write statement per batch whatever its size (ADR 0006). Runs inside the runner's transaction;
 * unqualified table names resolve to the generation's schema.
 */
export async function loadJournalState(manager: EntityManager, keys: TouchedKeys): Promise<JournalState> {
  return loadValuedStock(manager, VALUED_STOCK_TABLES, keys, NO_SKU_EXTRAS);
}

export async function saveJournalChanges(manager: EntityManager, changes: JournalChanges): Promise<void> {
  const { entries } = changes;
  const write = new BulkWrite()
    .insert(
      'journal_entries',
      ENTRY_COLUMNS,
      entries.map((e) => ({
        entry_id: e.entryId,
        position: e.position,
        seq: e.seq,
        date: e.date,
        source_type: e.sourceType,
        source_id: e.sourceId,
        order_id: e.orderId,
        currency: e.currency,
        description: e.description,
        occurred_at: e.occurredAt,
      })),
    )
    .insert(
      'journal_lines',
      LINE_COLUMNS,
      entries.flatMap((e) =>
        e.lines.map(
          (l, lineNo): Row => ({
            entry_id: e.entryId,
            line_no: lineNo,
            account: l.account,
            debit: fromMinor(l.debit, e.currency),
            credit: fromMinor(l.credit, e.currency),
            currency: e.currency,
          }),
        ),
      ),
    );
  await writeValuedStock(write, VALUED_STOCK_TABLES, changes, NO_SKU_EXTRAS).execute(manager);
}

/** This projection's own copy of the stock valuation (the stock projection keeps the same in its tables). */
const VALUED_STOCK_TABLES: ValuedStockTables = { skus: 'journal_stock_valuations', issues: 'journal_stock_issues' };

const ENTRY_COLUMNS: Columns = [
  ['entry_id', 'text'],
  ['position', 'text'],
  ['seq', 'integer'],
  ['date', 'date'],
  ['source_type', 'text'],
  ['source_id', 'text'],
  ['order_id', 'text'],
  ['currency', 'text'],
  ['description', 'text'],
  ['occurred_at', 'timestamptz'],
];

const LINE_COLUMNS: Columns = [
  ['entry_id', 'text'],
  ['line_no', 'integer'],
  ['account', 'text'],
  ['debit', 'numeric'],
  ['credit', 'numeric'],
  ['currency', 'text'],
];
