import type { EntityManager } from 'typeorm';
import { BulkWrite, Columns, Row } from '../shared/bulk-sql';
import type { LineFigures, LineModel, OrderModel, ShipmentModel } from './order-model';

/**
 * Writes what a batch changed, in one statement however many orders it touched (bulk-sql.ts). Columns are
 * grouped by when they change, so an existing order is updated only in what events may have changed.
 */
const ORDER_KEY: Columns = [['order_id', 'uuid']];

/** Columns an event may change after drafting. */
const MUTABLE_COLUMNS: Columns = [
  ['status', 'text'],
  ['customer_reference', 'text'],
  ['requested_delivery_date', 'text'],
  ['active_shipments', 'integer'],
  ['invoiced_gross', 'numeric'],
  ['credited_gross', 'numeric'],
  ['expected_revenue', 'numeric'],
  ['exchange_rate', 'numeric'],
  ['base_currency', 'text'],
  ['confirmed_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['version', 'integer'],
  ['last_position', 'text'],
];

/** Columns derived from the lines: written when the batch loaded them. */
const FIGURE_COLUMNS: Columns = [
  ['line_count', 'integer'],
  ['net', 'numeric'],
  ['tax', 'numeric'],
  ['gross', 'numeric'],
  ['ordered_quantity', 'numeric'],
  ['stocked_quantity', 'numeric'],
  ['shipped_quantity', 'numeric'],
  ['invoiced_quantity', 'numeric'],
  ['credited_quantity', 'numeric'],
  ['shipped_percent', 'numeric'],
  ['invoiced_percent', 'numeric'],
];

/** Columns fixed when the order is drafted. */
const DRAFTED_COLUMNS: Columns = [
  ['customer_id', 'uuid'],
  ['order_type', 'text'],
  ['channel', 'text'],
  ['currency', 'text'],
  ['quote_id', 'uuid'],
  ['drafted_at', 'timestamptz'],
];

const LINE_KEY: Columns = [
  ['order_id', 'uuid'],
  ['line_id', 'uuid'],
];
const LINE_COLUMNS: Columns = [
  ['line_no', 'integer'],
  ['sku', 'text'],
  ['kind', 'text'],
  ['quantity', 'numeric'],
  ['unit_price', 'numeric'],
  ['discount', 'numeric'],
  ['tax_rate', 'numeric'],
  ['shipped', 'numeric'],
  ['invoiced', 'numeric'],
  ['credited', 'numeric'],
  ['net', 'numeric'],
  ['tax', 'numeric'],
  ['gross', 'numeric'],
];

const SHIPMENT_KEY: Columns = [
  ['order_id', 'uuid'],
  ['shipment_id', 'uuid'],
];
const SHIPMENT_COLUMNS: Columns = [
  ['status', 'text'],
  ['quantity', 'numeric'],
  ['returned_quantity', 'numeric'],
  ['shipped_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

/**
 * Writes the batch's orders: new ones inserted whole; existing ones updated in what events change, and in
 * their line figures when the batch had their lines. Then removed lines, changed lines and shipments.
 */
export async function saveOrders(manager: EntityManager, orders: Iterable<OrderModel>): Promise<void> {
  const inserted: Row[] = [];
  const updatedWithFigures: Row[] = [];
  const updated: Row[] = [];
  const removedLines: Row[] = [];
  const lines: Row[] = [];
  const shipments: Row[] = [];
  for (const order of orders) {
    const row = { order_id: order.orderId, ...mutableRow(order) };
    if (order.drafted) inserted.push({ ...row, ...draftedRow(order), ...figuresRow(order, order.figures) });
    else if (order.figures) updatedWithFigures.push({ ...row, ...figuresRow(order, order.figures) });
    else updated.push(row);
    for (const lineId of order.removedLines) removedLines.push({ order_id: order.orderId, line_id: lineId });
    for (const line of order.lines?.values() ?? []) if (line.dirty) lines.push(lineRow(order.orderId, line));
    for (const shipment of order.shipments?.values() ?? []) if (shipment.dirty) shipments.push(shipmentRow(order.orderId, shipment));
  }
  await new BulkWrite()
    .insert('order_summaries', [...ORDER_KEY, ...DRAFTED_COLUMNS, ...MUTABLE_COLUMNS, ...FIGURE_COLUMNS], inserted)
    .update('order_summaries', ORDER_KEY, [...MUTABLE_COLUMNS, ...FIGURE_COLUMNS], updatedWithFigures)
    .update('order_summaries', ORDER_KEY, MUTABLE_COLUMNS, updated)
    .delete('order_summary_lines', LINE_KEY, removedLines)
    .upsert('order_summary_lines', LINE_KEY, LINE_COLUMNS, lines)
    .upsert('order_shipments', SHIPMENT_KEY, SHIPMENT_COLUMNS, shipments)
    .execute(manager);
}

const mutableRow = (o: OrderModel): Row => ({
  status: o.status,
  customer_reference: o.customerReference,
  requested_delivery_date: o.requestedDeliveryDate,
  active_shipments: o.activeShipments,
  invoiced_gross: o.invoicedGross,
  credited_gross: o.creditedGross,
  expected_revenue: o.expectedRevenue,
  exchange_rate: o.exchangeRate,
  base_currency: o.baseCurrency,
  confirmed_at: o.confirmedAt,
  updated_at: o.updatedAt,
  version: o.version,
  last_position: o.lastPosition,
});

function draftedRow(o: OrderModel): Row {
  const drafted = o.drafted as NonNullable<OrderModel['drafted']>;
  return { customer_id: drafted.customerId, order_type: drafted.orderType, channel: drafted.channel, currency: o.currency, quote_id: drafted.quoteId, drafted_at: drafted.draftedAt };
}

function figuresRow(o: OrderModel, f: LineFigures | null): Row {
  if (!f) throw new Error(`figures of order ${o.orderId} were not derived before writing`);
  return {
    line_count: f.lineCount,
    net: f.net,
    tax: f.tax,
    gross: f.gross,
    ordered_quantity: f.orderedQuantity,
    stocked_quantity: f.stockedQuantity,
    shipped_quantity: f.shippedQuantity,
    invoiced_quantity: f.invoicedQuantity,
    credited_quantity: f.creditedQuantity,
    shipped_percent: f.shippedPercent,
    invoiced_percent: f.invoicedPercent,
  };
}

function lineRow(orderId: string, line: LineModel): Row {
  if (!line.amounts) throw new Error(`line ${line.lineId} of order ${orderId} was not priced before writing`);
  return {
    order_id: orderId,
    line_id: line.lineId,
    line_no: line.lineNo,
    sku: line.sku,
    kind: line.kind,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount: line.discount,
    tax_rate: line.taxRate,
    shipped: line.shipped,
    invoiced: line.invoiced,
    credited: line.credited,
    net: line.amounts.net,
    tax: line.amounts.tax,
    gross: line.amounts.gross,
  };
}

const shipmentRow = (orderId: string, s: ShipmentModel): Row => ({
  order_id: orderId,
  shipment_id: s.shipmentId,
  status: s.status,
  quantity: s.quantity,
  returned_quantity: s.returned,
  shipped_at: s.shippedAt,
  updated_at: s.updatedAt,
});
