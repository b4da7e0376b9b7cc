import type { EntityManager } from 'typeorm';
import { quantityText, subtractQuantity } from '../../libs/domain/shared/quantity';
import { BulkWrite, Columns } from '../shared/bulk-sql';
import { quantityOfColumn } from '../shared/fixed-point';
import { loadValuedStock, SkuExtras, ValuedStockTables, writeValuedStock } from '../shared/stock-valuation/valued-stock-store';
import type { TouchedKeys } from './stock-events';
import type { SkuStock, StockChanges, StockState, TrackedOrder } from './stock-state';

/**
 * Reads the rows one batch touches and writes back what it changed: three `= ANY` SELECTs (orders and
 * their lines, shipment lines, skus) and one multi-row write statement per batch whatever its size (ADR
 * 0006: never a statement per event). Runs inside the runner's transaction; unqualified table names
 * resolve to the generation's schema.
 */
export async function loadStockState(manager: EntityManager, keys: TouchedKeys): Promise<StockState> {
  const skus = new Set(keys.skus);
  const orders = new Map<string, TrackedOrder>();

  if (keys.orderIds.size > 0) {
    // One round trip for the orders and their lines (an order without lines comes back once, line columns null).
    const rows: {
      order_id: string;
      status: TrackedOrder['status'];
      line_id: string | null;
      sku: string;
      kind: 'stocked' | 'service';
      ordered: string;
      shipped: string;
      reserved: string;
    }[] = await manager.query(
      `SELECT o.order_id, o.status, l.line_id, l.sku, l.kind, l.ordered, l.shipped, l.reserved
       FROM stock_orders o LEFT JOIN stock_order_lines l USING (order_id) WHERE o.order_id = ANY($1)`,
      [[...keys.orderIds]],
    );
    for (const r of rows) {
      let order = orders.get(r.order_id);
      if (!order) {
        order = { orderId: r.order_id, status: r.status, lines: new Map() };
        orders.set(r.order_id, order);
      }
      if (r.line_id === null) continue;
      order.lines.set(r.line_id, {
        orderId: r.order_id,
        lineId: r.line_id,
        sku: r.sku,
        kind: r.kind,
        ordered: quantityOfColumn(r.ordered),
        shipped: quantityOfColumn(r.shipped),
        reserved: quantityOfColumn(r.reserved),
      });
      // A reservation moves the sku's reserved total: the rows of the skus of stocked lines are needed too.
      if (r.kind === 'stocked') skus.add(r.sku);
    }
  }

  const valued = await loadValuedStock(manager, VALUED_STOCK_TABLES, { shipmentIds: keys.shipmentIds, skus }, LEVEL_EXTRAS);
  return { ...valued, orders };
}

export async function saveStockChanges(manager: EntityManager, changes: StockChanges): Promise<void> {
  const { movements, orders, lines, removedLines } = changes;
  const write = writeValuedStock(new BulkWrite(), VALUED_STOCK_TABLES, changes, LEVEL_EXTRAS)
    .insert(
      'stock_movements',
      MOVEMENT_COLUMNS,
      movements.map((m) => ({
        position: m.position,
        seq: m.seq,
        event_id: m.eventId,
        sku: m.sku,
        kind: m.kind,
        quantity: quantityText(m.quantity),
        unit_cost: m.unitCost,
        amount: m.amount,
        on_hand_after: quantityText(m.after.onHand),
        value_after: m.after.value,
        average_cost_after: m.after.averageCost,
        receipt_id: m.receiptId,
        order_id: m.orderId,
        shipment_id: m.shipmentId,
        line_id: m.lineId,
        occurred_at: m.occurredAt,
      })),
    )
    .upsert(
      'stock_orders',
      [['order_id', 'text']],
      [['status', 'text']],
      [...orders].map((o) => ({ order_id: o.orderId, status: o.status })),
    )
    // The fold keeps these disjoint: a line removed and added back in one batch is only upserted.
    .delete(
      'stock_order_lines',
      LINE_KEY,
      [...removedLines.values()].map((l) => ({ order_id: l.orderId, line_id: l.lineId })),
    )
    .upsert(
      'stock_order_lines',
      LINE_KEY,
      LINE_COLUMNS,
      [...lines].map((l) => ({
        order_id: l.orderId,
        line_id: l.lineId,
        sku: l.sku,
        kind: l.kind,
        ordered: quantityText(l.ordered),
        shipped: quantityText(l.shipped),
        reserved: quantityText(l.reserved),
      })),
    );
  await write.execute(manager);
}

/** This projection's stock valuation; its sku rows are `stock_levels`, which also hold the reservations. */
const VALUED_STOCK_TABLES: ValuedStockTables = { skus: 'stock_levels', issues: 'stock_issues' };

const LEVEL_EXTRAS: SkuExtras<SkuStock> = {
  columns: [
    ['reserved', 'numeric'],
    ['available', 'numeric'],
  ],
  read: (valuation, row) => ({ ...valuation, reserved: quantityOfColumn(row.reserved) }),
  write: (level) => ({ reserved: quantityText(level.reserved), available: quantityText(subtractQuantity(level.valuation.onHand, level.reserved)) }),
};

const MOVEMENT_COLUMNS: Columns = [
  ['position', 'text'],
  ['seq', 'integer'],
  ['event_id', 'text'],
  ['sku', 'text'],
  ['kind', 'text'],
  ['quantity', 'numeric'],
  ['unit_cost', 'numeric'],
  ['amount', 'numeric'],
  ['on_hand_after', 'numeric'],
  ['value_after', 'numeric'],
  ['average_cost_after', 'numeric'],
  ['receipt_id', 'text'],
  ['order_id', 'text'],
  ['shipment_id', 'text'],
  ['line_id', 'text'],
  ['occurred_at', 'timestamptz'],
];

const LINE_KEY: Columns = [
  ['order_id', 'text'],
  ['line_id', 'text'],
];

const LINE_COLUMNS: Columns = [
  ['sku', 'text'],
  ['kind', 'text'],
  ['ordered', 'numeric'],
  ['shipped', 'numeric'],
  ['reserved', 'numeric'],
];
