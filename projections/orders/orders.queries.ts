import type { DataSource, EntityManager } from 'typeorm';
import type { OrderStatus } from '../../libs/domain/sales-order/state';
import { Money, minorDigits, roundMoney } from '../../libs/domain/shared/money';
import { Where, keysetPage, pageSize } from '../shared/keyset-cursor';
import { decodeCursor, isUuid } from './list-cursor';
import type { LineRow, ShipmentRow, SummaryRow } from './order-rows';
import { OrderListItem, OrderSummary, lineOf, listItemOf, shipmentOf } from './order-summary.views';

/**
 * Reads of the orders read model. `source` is the generation's DataSource (its search_path is the live
 * schema) or an EntityManager of it.
 */
export type OrdersSource = DataSource | EntityManager;

export interface ListOrdersOptions {
  status?: OrderStatus;
  customerId?: string;
  type?: string;
  channel?: string;
  /** The customer's reference, matched whole and case-insensitively. */
  customerReference?: string;
  /** First and last day (UTC calendar dates, inclusive) the orders were drafted on. */
  from?: string;
  to?: string;
  /** Page size: default 50, at most 500. */
  limit?: number;
  /** `next` of the previous page. */
  after?: string;
}

export interface OrderPage {
  orders: OrderListItem[];
  /** Cursor of the next page; null on the last one. */
  next: string | null;
}


/** Newest first (drafted_at, then order id), filtered by status and/or customer, one keyset page. */
export async function listOrders(source: OrdersSource, options: ListOrdersOptions = {}): Promise<OrderPage> {
  const limit = pageSize(options.limit);
  // No order belongs to a customer id that is not a UUID: answer without asking PostgreSQL to cast it.
  if (options.customerId !== undefined && !isUuid(options.customerId)) return { orders: [], next: null };
  const query = new Where();
  const param = (value: unknown) => query.param(value);
  if (options.status !== undefined) query.add(`status = ${param(options.status)}`);
  if (options.customerId !== undefined) query.add(`customer_id = ${param(options.customerId)}::uuid`);
  if (options.type !== undefined) query.add(`order_type = ${param(options.type)}`);
  if (options.channel !== undefined) query.add(`channel = ${param(options.channel)}`);
  if (options.customerReference !== undefined) query.add(`customer_reference IS NOT NULL AND lower(customer_reference) = lower(${param(options.customerReference)})`);
  if (options.from !== undefined) query.add(`drafted_at >= (${param(options.from)}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (options.to !== undefined) query.add(`drafted_at < (${param(options.to)}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
  if (options.after !== undefined) {
    const cursor = decodeCursor(options.after);
    query.add(`(drafted_at, order_id) < (${param(cursor.draftedAt)}::timestamptz, ${param(cursor.orderId)}::uuid)`);
  }
  const rows: (SummaryRow & { cursor_at: string })[] = await source.query(
    `SELECT *, to_char(drafted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
     FROM order_summaries
     ${query.clause()}
     ORDER BY drafted_at DESC, order_id DESC
     LIMIT ${param(limit + 1)}`,
    query.params,
  );
  // The cursor is the list-cursor.ts pair (drafted_at at microseconds, order id), as decodeCursor reads it.
  const { items, next } = keysetPage(rows, limit, listItemOf, (r) => [r.cursor_at, r.order_id]);
  return { orders: items, next };
}

/** One order with its lines (in the order they were added) and shipments; null when unknown. */
export async function orderSummary(source: OrdersSource, orderId: string): Promise<OrderSummary | null> {
  if (!isUuid(orderId)) return null;
  const [summary]: SummaryRow[] = await source.query('SELECT * FROM order_summaries WHERE order_id = $1', [orderId]);
  if (!summary) return null;
  const lines: LineRow[] = await source.query('SELECT * FROM order_summary_lines WHERE order_id = $1 ORDER BY line_no', [orderId]);
  const shipments: ShipmentRow[] = await source.query('SELECT * FROM order_shipments WHERE order_id = $1 ORDER BY shipped_at, shipment_id', [orderId]);
  return { ...listItemOf(summary), lines: lines.map(lineOf), shipments: shipments.map(shipmentOf) };
}

/**
 * The gross value of the customer's confirmed orders not yet invoiced, in the base currency: the "open
 * orders" of the credit limit (domain.md "Sales orders"). Σ over the customer's `confirmed` orders (not
 * drafts, sent, locked, canceled or discarded ones) but `excludeOrderId` (the order being confirmed) of
 * round(max(gross − invoiced_gross, 0) × exchange_rate) to the base currency's minor unit, each order
 * rounded once: an order's `expected_revenue` converted at its rate. A money string with exactly the base
 * currency's minor digits ("0.00" when there is none). One statement.
 */
export async function openOrdersBase(source: OrdersSource, customerId: string, excludeOrderId: string | null, baseCurrency: string): Promise<Money> {
  if (!CURRENCY.test(baseCurrency)) throw new RangeError(`baseCurrency must be an ISO 4217 code, not ${JSON.stringify(baseCurrency)}`);
  const digits = minorDigits(baseCurrency);
  // No order belongs to (or is) an id that is not a UUID: answer without asking PostgreSQL to cast it.
  if (!isUuid(customerId)) return roundMoney(0, baseCurrency);
  const exclude = excludeOrderId !== null && isUuid(excludeOrderId) ? excludeOrderId : null;
  // exchange_rate is set for every confirmed order (README.md); "1" stands for one that somehow had none.
  const [row]: { open: string }[] = await source.query(
    `SELECT round(coalesce(sum(round(greatest(gross - invoiced_gross, 0) * coalesce(exchange_rate, 1), $3::int)), 0), $3::int)::text AS open
     FROM order_summaries
     WHERE customer_id = $1::uuid AND status = 'confirmed' AND order_id IS DISTINCT FROM $2::uuid`,
    [customerId, exclude, digits],
  );
  return row.open;
}

const CURRENCY = /^[A-Z]{3}$/;

