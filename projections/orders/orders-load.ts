import type { EntityManager } from 'typeorm';
import type { ProductKind } from '../../libs/domain/product/product';
import type { OrderStatus } from '../../libs/domain/sales-order/state';
import { OrderLogEvent, needsLines, needsShipments, orderIdOf } from './order-events';
import type { LineModel, OrderModel, ShipmentModel, ShipmentStatus } from './order-model';

/**
 * Reads the rows of the orders a batch names, in one statement however many: a SELECT of three
 * `= ANY($n)` subqueries (summaries, lines, shipments). Only the columns folding needs, as JSON: one
 * JSON.parse costs far less than a parser per field, and money and rates come as text, never as floats.
 */
export interface LoadPlan {
  /** Every order the batch names. */
  orderIds: ReadonlySet<string>;
  /** Orders with an event that needs their lines, or their shipments (order-events.ts). */
  withLines: ReadonlySet<string>;
  withShipments: ReadonlySet<string>;
}

/**
 * What to read before folding. An order drafted in this batch has no lines or shipments in the tables yet;
 * its summary is still looked up, so that a second OrderDrafted for an existing order is caught.
 */
export function loadPlan(events: readonly OrderLogEvent[]): LoadPlan {
  const orderIds = new Set<string>();
  const draftedHere = new Set<string>();
  const withLines = new Set<string>();
  const withShipments = new Set<string>();
  for (const event of events) {
    const orderId = orderIdOf(event);
    orderIds.add(orderId);
    if (event.type === 'OrderDrafted') draftedHere.add(orderId);
    if (draftedHere.has(orderId)) continue;
    if (needsLines(event)) withLines.add(orderId);
    if (needsShipments(event)) withShipments.add(orderId);
  }
  return { orderIds, withLines, withShipments };
}

/** The columns folding reads, as the load's JSON carries them: money as text, instants as ISO strings. */
interface LoadedSummary {
  order_id: string;
  status: OrderStatus;
  currency: string;
  customer_reference: string | null;
  requested_delivery_date: string | null;
  gross: string;
  active_shipments: number;
  invoiced_gross: string;
  credited_gross: string;
  exchange_rate: string | null;
  base_currency: string | null;
  confirmed_at: string | null;
}

interface LoadedLine {
  order_id: string;
  line_id: string;
  line_no: number;
  sku: string;
  kind: ProductKind;
  quantity: number;
  unit_price: string;
  discount: string;
  tax_rate: string;
  shipped: number;
  invoiced: number;
  credited: number;
  net: string;
  tax: string;
  gross: string;
}

interface LoadedShipment {
  order_id: string;
  shipment_id: string;
  status: ShipmentStatus;
  quantity: number;
  returned_quantity: number;
  shipped_at: string;
  updated_at: string;
}

// Quantities may stay JSON numbers (at most 3 decimals read back exactly); money and rates go as text.
const LOAD_SQL = `SELECT
  (SELECT coalesce(json_agg(s), '[]') FROM (
     SELECT order_id, status, currency, customer_reference, requested_delivery_date, gross::text AS gross, active_shipments,
            invoiced_gross::text AS invoiced_gross, credited_gross::text AS credited_gross, exchange_rate::text AS exchange_rate,
            base_currency, confirmed_at
     FROM order_summaries WHERE order_id = ANY($1::uuid[])) s) AS summaries,
  (SELECT coalesce(json_agg(l), '[]') FROM (
     SELECT order_id, line_id, line_no, sku, kind, quantity, unit_price::text AS unit_price, discount::text AS discount,
            tax_rate::text AS tax_rate, shipped, invoiced, credited, net::text AS net, tax::text AS tax, gross::text AS gross
     FROM order_summary_lines WHERE order_id = ANY($2::uuid[])) l) AS lines,
  (SELECT coalesce(json_agg(h), '[]') FROM (
     SELECT order_id, shipment_id, status, quantity, returned_quantity, shipped_at, updated_at
     FROM order_shipments WHERE order_id = ANY($3::uuid[])) h) AS shipments`;

export async function loadOrders(manager: EntityManager, plan: LoadPlan): Promise<Map<string, OrderModel>> {
  const orders = new Map<string, OrderModel>();
  if (plan.orderIds.size === 0) return orders;
  const [loaded]: { summaries: LoadedSummary[]; lines: LoadedLine[]; shipments: LoadedShipment[] }[] = await manager.query(LOAD_SQL, [
    [...plan.orderIds],
    [...plan.withLines],
    [...plan.withShipments],
  ]);
  for (const row of loaded.summaries) orders.set(row.order_id, orderFromRow(row));
  // An order whose lines (shipments) were asked for has them all, even when there are none.
  for (const id of plan.withLines) if (orders.has(id)) (orders.get(id) as OrderModel).lines = new Map();
  for (const id of plan.withShipments) if (orders.has(id)) (orders.get(id) as OrderModel).shipments = new Map();
  for (const row of loaded.lines) orders.get(row.order_id)?.lines?.set(row.line_id, lineFromRow(row));
  for (const row of loaded.shipments) orders.get(row.order_id)?.shipments?.set(row.shipment_id, shipmentFromRow(row));
  return orders;
}

const orderFromRow = (row: LoadedSummary): OrderModel => ({
  orderId: row.order_id,
  currency: row.currency,
  status: row.status,
  customerReference: row.customer_reference,
  requestedDeliveryDate: row.requested_delivery_date,
  activeShipments: row.active_shipments,
  invoicedGross: row.invoiced_gross,
  creditedGross: row.credited_gross,
  expectedRevenue: '',
  exchangeRate: row.exchange_rate,
  baseCurrency: row.base_currency,
  confirmedAt: row.confirmed_at,
  // Overwritten by the batch's events before anything is written.
  updatedAt: '',
  version: -1,
  lastPosition: '',
  gross: row.gross,
  drafted: null,
  figures: null,
  lines: null,
  removedLines: new Set(),
  shipments: null,
});

const lineFromRow = (row: LoadedLine): LineModel => ({
  lineId: row.line_id,
  lineNo: row.line_no,
  sku: row.sku,
  kind: row.kind,
  quantity: row.quantity,
  unitPrice: row.unit_price,
  discount: row.discount,
  taxRate: row.tax_rate,
  shipped: row.shipped,
  invoiced: row.invoiced,
  credited: row.credited,
  amounts: { net: row.net, tax: row.tax, gross: row.gross },
  persisted: true,
  dirty: false,
});

const shipmentFromRow = (row: LoadedShipment): ShipmentModel => ({
  shipmentId: row.shipment_id,
  status: row.status,
  quantity: row.quantity,
  returned: row.returned_quantity,
  shippedAt: row.shipped_at,
  updatedAt: row.updated_at,
  dirty: false,
});
