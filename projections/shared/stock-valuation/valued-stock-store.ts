import type { EntityManager } from 'typeorm';
import { quantityText } from '../../../libs/domain/shared/quantity';
import { BulkWrite, Columns, Row } from '../bulk-sql';
import { quantityOfColumn } from '../fixed-point';
import { issueKey, ShipmentLineIssue, SkuValuation, ValuedStockChanges, ValuedStockState } from './valued-stock';

/**
 * Loads and writes back a batch's valuation rows (valued-stock.ts) in the tables a projection names: one
 * `= ANY` SELECT per table, and upserts that join the projection's one write statement (ADR 0006). Runs
 * inside the runner's transaction; unqualified table names resolve to the generation's schema.
 */

/** The projection's two tables (valued-stock.columns.ts); names are constants of the projection, never input. */
export interface ValuedStockTables {
  skus: string;
  issues: string;
}

/** Columns a projection's sku table has beside the valuation's, and how they read and write. */
export interface SkuExtras<S extends SkuValuation> {
  columns: Columns;
  /** The extra columns are NOT NULL: they read as their text. */
  read: (valuation: SkuValuation, row: Readonly<Record<string, string>>) => S;
  write: (stock: S) => Row;
}

/** A sku table with the valuation's columns only. */
export const NO_SKU_EXTRAS: SkuExtras<SkuValuation> = { columns: [], read: (valuation) => valuation, write: () => ({}) };

/**
 * The rows of the shipments a batch returns to, then of its skus: those in `keys.skus` (the events' and
 * any the projection adds for reasons of its own) and those of the issues found.
 */
export async function loadValuedStock<S extends SkuValuation>(
  manager: EntityManager,
  tables: ValuedStockTables,
  keys: { shipmentIds: ReadonlySet<string>; skus: ReadonlySet<string> },
  extras: SkuExtras<S>,
): Promise<ValuedStockState<S>> {
  const skus = new Set(keys.skus);
  const state: ValuedStockState<S> = { loadedSkus: skus, skus: new Map(), issues: new Map() };
  if (keys.shipmentIds.size > 0) {
    const rows: IssueRow[] = await manager.query(
      `SELECT shipment_id, line_id, order_id, sku, quantity, unit_cost, amount, returned_quantity, returned_amount
       FROM ${tables.issues} WHERE shipment_id = ANY($1)`,
      [[...keys.shipmentIds]],
    );
    for (const r of rows) {
      const issued: ShipmentLineIssue = {
        shipmentId: r.shipment_id,
        lineId: r.line_id,
        orderId: r.order_id,
        sku: r.sku,
        quantity: quantityOfColumn(r.quantity),
        unitCost: r.unit_cost,
        amount: r.amount,
        returnedQuantity: quantityOfColumn(r.returned_quantity),
        returnedAmount: r.returned_amount,
      };
      state.issues.set(issueKey(issued.shipmentId, issued.lineId), issued);
      skus.add(issued.sku);
    }
  }
  if (skus.size > 0) {
    const extra = extras.columns.map(([name]) => `, ${name}`).join('');
    const rows: (SkuRow & Record<string, string>)[] = await manager.query(
      `SELECT sku, currency, on_hand, value, average_cost, updated_position${extra} FROM ${tables.skus} WHERE sku = ANY($1)`,
      [[...skus]],
    );
    for (const r of rows) {
      const valuation: SkuValuation = {
        sku: r.sku,
        currency: r.currency,
        valuation: { onHand: quantityOfColumn(r.on_hand), value: r.value, averageCost: r.average_cost },
        updatedPosition: r.updated_position,
      };
      state.skus.set(r.sku, extras.read(valuation, r));
    }
  }
  return state;
}

/** Adds the upserts of what the batch changed to the projection's write statement. */
export function writeValuedStock<S extends SkuValuation>(write: BulkWrite, tables: ValuedStockTables, changes: ValuedStockChanges<S>, extras: SkuExtras<S>): BulkWrite {
  return write
    .upsert(
      tables.skus,
      [['sku', 'text']],
      [...SKU_COLUMNS, ...extras.columns],
      [...changes.skus].map((s) => ({
        sku: s.sku,
        currency: s.currency,
        on_hand: quantityText(s.valuation.onHand),
        value: s.valuation.value,
        average_cost: s.valuation.averageCost,
        updated_position: s.updatedPosition,
        ...extras.write(s),
      })),
    )
    .upsert(
      tables.issues,
      [
        ['shipment_id', 'text'],
        ['line_id', 'text'],
      ],
      ISSUE_COLUMNS,
      [...changes.issues].map((i) => ({
        shipment_id: i.shipmentId,
        line_id: i.lineId,
        order_id: i.orderId,
        sku: i.sku,
        quantity: quantityText(i.quantity),
        unit_cost: i.unitCost,
        amount: i.amount,
        returned_quantity: quantityText(i.returnedQuantity),
        returned_amount: i.returnedAmount,
      })),
    );
}

const SKU_COLUMNS: Columns = [
  ['currency', 'text'],
  ['on_hand', 'numeric'],
  ['value', 'numeric'],
  ['average_cost', 'numeric'],
  ['updated_position', 'text'],
];

const ISSUE_COLUMNS: Columns = [
  ['order_id', 'text'],
  ['sku', 'text'],
  ['quantity', 'numeric'],
  ['unit_cost', 'numeric'],
  ['amount', 'numeric'],
  ['returned_quantity', 'numeric'],
  ['returned_amount', 'numeric'],
];

interface IssueRow {
  shipment_id: string;
  line_id: string;
  order_id: string;
  sku: string;
  quantity: string;
  unit_cost: string;
  amount: string;
  returned_quantity: string;
  returned_amount: string;
}

interface SkuRow {
  sku: string;
  currency: string | null;
  on_hand: string;
  value: string;
  average_cost: string;
  updated_position: string;
}
