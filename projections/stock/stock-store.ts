import type { EntityManager } from 'typeorm';
import { Quantity, subtractQuantity } from '../../libs/domain/shared/quantity';
import type { TouchedKeys } from './stock-events';
import { issueKey, ShipmentIssue, SkuStock, StockChanges, StockState, TrackedOrder } from './stock-state';
import { quantityText } from '../../libs/domain/shared/quantity';

/**
 * Reads the rows one batch touches and writes back what it changed, with a handful of set-based statements
 * per batch whatever its size (ADR 0006: never a statement per event). Runs inside the runner's
 * transaction; unqualified table names resolve to the generation's schema.
 */
export async function loadStockState(manager: EntityManager, keys: TouchedKeys): Promise<StockState> {
  const skus = new Set(keys.skus);
  const state: StockState = { loadedSkus: skus, skus: new Map(), orders: new Map(), issues: new Map() };

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
      let order = state.orders.get(r.order_id);
      if (!order) {
        order = { orderId: r.order_id, status: r.status, lines: new Map() };
        state.orders.set(r.order_id, order);
      }
      if (r.line_id === null) continue;
      order.lines.set(r.line_id, { orderId: r.order_id, lineId: r.line_id, sku: r.sku, kind: r.kind, ordered: quantity(r.ordered), shipped: quantity(r.shipped), reserved: quantity(r.reserved) });
      if (r.kind === 'stocked') skus.add(r.sku);
    }
  }

  if (keys.shipmentIds.size > 0) {
    const issues: {
      shipment_id: string;
      line_id: string;
      order_id: string;
      sku: string;
      quantity: string;
      unit_cost: string;
      amount: string;
      returned_quantity: string;
      returned_amount: string;
    }[] = await manager.query(
      `SELECT shipment_id, line_id, order_id, sku, quantity, unit_cost, amount, returned_quantity, returned_amount
       FROM stock_issues WHERE shipment_id = ANY($1)`,
      [[...keys.shipmentIds]],
    );
    for (const i of issues) {
      const issue: ShipmentIssue = {
        shipmentId: i.shipment_id,
        lineId: i.line_id,
        orderId: i.order_id,
        sku: i.sku,
        quantity: quantity(i.quantity),
        unitCost: i.unit_cost,
        amount: i.amount,
        returnedQuantity: quantity(i.returned_quantity),
        returnedAmount: i.returned_amount,
      };
      state.issues.set(issueKey(issue.shipmentId, issue.lineId), issue);
      skus.add(issue.sku);
    }
  }

  if (skus.size > 0) {
    const levels: { sku: string; currency: string | null; on_hand: string; reserved: string; average_cost: string; value: string; updated_position: string }[] =
      await manager.query('SELECT sku, currency, on_hand, reserved, average_cost, value, updated_position FROM stock_levels WHERE sku = ANY($1)', [[...skus]]);
    for (const l of levels) {
      state.skus.set(l.sku, {
        sku: l.sku,
        currency: l.currency,
        valuation: { onHand: quantity(l.on_hand), value: l.value, averageCost: l.average_cost },
        reserved: quantity(l.reserved),
        updatedPosition: l.updated_position,
      });
    }
  }
  return state;
}

export async function saveStockChanges(manager: EntityManager, changes: StockChanges): Promise<void> {
  await saveLevels(manager, [...changes.skus]);
  await saveMovements(manager, changes);
  await saveIssues(manager, [...changes.issues]);
  await saveOrders(manager, [...changes.orders]);
  await saveOrderLines(manager, changes);
}

async function saveLevels(manager: EntityManager, levels: SkuStock[]): Promise<void> {
  if (levels.length === 0) return;
  await manager.query(
    `INSERT INTO stock_levels (sku, currency, on_hand, reserved, available, average_cost, value, updated_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::text[])
     ON CONFLICT (sku) DO UPDATE SET currency = EXCLUDED.currency, on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved,
       available = EXCLUDED.available, average_cost = EXCLUDED.average_cost, value = EXCLUDED.value, updated_position = EXCLUDED.updated_position`,
    columns(levels, [
      (l) => l.sku,
      (l) => l.currency,
      (l) => quantityText(l.valuation.onHand),
      (l) => quantityText(l.reserved),
      (l) => quantityText(subtractQuantity(l.valuation.onHand, l.reserved)),
      (l) => l.valuation.averageCost,
      (l) => l.valuation.value,
      (l) => l.updatedPosition,
    ]),
  );
}

async function saveMovements(manager: EntityManager, { movements }: StockChanges): Promise<void> {
  if (movements.length === 0) return;
  await manager.query(
    `INSERT INTO stock_movements (position, seq, event_id, sku, kind, quantity, unit_cost, amount, on_hand_after, value_after,
       average_cost_after, receipt_id, order_id, shipment_id, line_id, occurred_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[],
       $9::numeric[], $10::numeric[], $11::numeric[], $12::text[], $13::text[], $14::text[], $15::text[], $16::timestamptz[])`,
    columns(movements, [
      (m) => m.position,
      (m) => m.seq,
      (m) => m.eventId,
      (m) => m.sku,
      (m) => m.kind,
      (m) => quantityText(m.quantity),
      (m) => m.unitCost,
      (m) => m.amount,
      (m) => quantityText(m.after.onHand),
      (m) => m.after.value,
      (m) => m.after.averageCost,
      (m) => m.receiptId,
      (m) => m.orderId,
      (m) => m.shipmentId,
      (m) => m.lineId,
      (m) => m.occurredAt,
    ]),
  );
}

async function saveIssues(manager: EntityManager, issues: ShipmentIssue[]): Promise<void> {
  if (issues.length === 0) return;
  await manager.query(
    `INSERT INTO stock_issues (shipment_id, line_id, order_id, sku, quantity, unit_cost, amount, returned_quantity, returned_amount)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])
     ON CONFLICT (shipment_id, line_id) DO UPDATE SET returned_quantity = EXCLUDED.returned_quantity, returned_amount = EXCLUDED.returned_amount`,
    columns(issues, [
      (i) => i.shipmentId,
      (i) => i.lineId,
      (i) => i.orderId,
      (i) => i.sku,
      (i) => quantityText(i.quantity),
      (i) => i.unitCost,
      (i) => i.amount,
      (i) => quantityText(i.returnedQuantity),
      (i) => i.returnedAmount,
    ]),
  );
}

async function saveOrders(manager: EntityManager, orders: TrackedOrder[]): Promise<void> {
  if (orders.length === 0) return;
  await manager.query(
    `INSERT INTO stock_orders (order_id, status) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status`,
    columns(orders, [(o) => o.orderId, (o) => o.status]),
  );
}

async function saveOrderLines(manager: EntityManager, { lines, removedLines }: StockChanges): Promise<void> {
  if (removedLines.size > 0) {
    const removed = [...removedLines.values()];
    await manager.query(
      'DELETE FROM stock_order_lines WHERE (order_id, line_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
      columns(removed, [(l) => l.orderId, (l) => l.lineId]),
    );
  }
  if (lines.size === 0) return;
  const rows = [...lines];
  await manager.query(
    `INSERT INTO stock_order_lines (order_id, line_id, sku, kind, ordered, shipped, reserved)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[])
     ON CONFLICT (order_id, line_id) DO UPDATE SET ordered = EXCLUDED.ordered, shipped = EXCLUDED.shipped, reserved = EXCLUDED.reserved`,
    columns(rows, [
      (l) => l.orderId,
      (l) => l.lineId,
      (l) => l.sku,
      (l) => l.kind,
      (l) => quantityText(l.ordered),
      (l) => quantityText(l.shipped),
      (l) => quantityText(l.reserved),
    ]),
  );
}

/** Rows to one array per column, the parameters of an INSERT … SELECT FROM unnest(…). */
function columns<T>(rows: readonly T[], pick: ((row: T) => string | number | null)[]): (string | number | null)[][] {
  return pick.map((get) => rows.map(get));
}

/** numeric(18,3) reads back as "12.500": quantities are exact in thousandths, so Number() is safe. */
const quantity = (text: string): Quantity => Math.round(Number(text) * 1000) / 1000;

