import type { DataSource, EntityManager } from 'typeorm';
import type { Money } from '../../libs/domain/shared/money';
import type { Quantity } from '../../libs/domain/shared/quantity';
import type { StockMovementKind } from './stock-movement.entity';

/**
 * Reads of the stock read model in api.md's shapes. `source` is a DataSource or EntityManager of the live
 * generation (search_path pinned to its schema, generation.ts). Quantities are JSON numbers, `value` a
 * decimal string in the minor digits of the sku's currency, `averageCost` a decimal string with 6 decimals.
 */
export interface StockLevelView {
  sku: string;
  onHand: Quantity;
  reserved: Quantity;
  available: Quantity;
  averageCost: string;
  value: Money;
}

export interface StockMovementView {
  position: string;
  eventId: string;
  kind: StockMovementKind;
  /** Signed: + into stock, − out of it. */
  quantity: Quantity;
  unitCost: string;
  /** Signed change of the sku's value. */
  amount: Money;
  onHandAfter: Quantity;
  valueAfter: Money;
  averageCostAfter: string;
  receiptId: string | null;
  orderId: string | null;
  shipmentId: string | null;
  lineId: string | null;
  occurredAt: string;
}

type Source = Pick<DataSource | EntityManager, 'query'>;

const LEVEL_COLUMNS = 'sku, on_hand, reserved, available, average_cost, value';

/** null: no receipt, shipment or reservation ever touched this sku. */
export async function stockLevel(source: Source, sku: string): Promise<StockLevelView | null> {
  const [row] = await source.query(`SELECT ${LEVEL_COLUMNS} FROM stock_levels WHERE sku = $1`, [sku]);
  return row ? levelView(row) : null;
}

/** Every sku with stock history, by sku. */
export async function stockLevels(source: Source): Promise<StockLevelView[]> {
  const rows = await source.query(`SELECT ${LEVEL_COLUMNS} FROM stock_levels ORDER BY sku`);
  return rows.map(levelView);
}

/** One sku's movements in log order, optionally after a position (paging), at most `limit`. */
export async function stockMovements(source: Source, sku: string, options: { after?: string; limit?: number } = {}): Promise<StockMovementView[]> {
  const rows: MovementRow[] = await source.query(
    `SELECT position, event_id, kind, quantity, unit_cost, amount, on_hand_after, value_after, average_cost_after,
            receipt_id, order_id, shipment_id, line_id, occurred_at
     FROM stock_movements WHERE sku = $1 AND position > $2 ORDER BY position, seq LIMIT $3`,
    [sku, options.after ?? '', options.limit ?? 1000],
  );
  return rows.map((r) => ({
    position: r.position,
    eventId: r.event_id,
    kind: r.kind,
    quantity: Number(r.quantity),
    unitCost: r.unit_cost,
    amount: r.amount,
    onHandAfter: Number(r.on_hand_after),
    valueAfter: r.value_after,
    averageCostAfter: r.average_cost_after,
    receiptId: r.receipt_id,
    orderId: r.order_id,
    shipmentId: r.shipment_id,
    lineId: r.line_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
  }));
}

interface LevelRow {
  sku: string;
  on_hand: string;
  reserved: string;
  available: string;
  average_cost: string;
  value: string;
}

interface MovementRow {
  position: string;
  event_id: string;
  kind: StockMovementKind;
  quantity: string;
  unit_cost: string;
  amount: string;
  on_hand_after: string;
  value_after: string;
  average_cost_after: string;
  receipt_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  line_id: string | null;
  occurred_at: Date | string;
}

// numeric(18,3) text ("12.500") to a JSON number: exact, quantities have at most 3 decimals.
const levelView = (r: LevelRow): StockLevelView => ({
  sku: r.sku,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  available: Number(r.available),
  averageCost: r.average_cost,
  value: r.value,
});
