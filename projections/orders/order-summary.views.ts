import type { ExchangeRate } from '../../libs/domain/shared/exchange';
import type { Money, Rate } from '../../libs/domain/shared/money';
import type { LineRow, ShipmentRow, SummaryRow } from './order-rows';

/**
 * Rows of the orders tables as the read side shows them: money and rates as decimal strings (the stored
 * digits), quantities and percentages as JSON numbers, instants as ISO 8601. Field names follow the order
 * view of `GET /v1/orders/:id` (`id`, `type`, `totals`).
 */
export interface OrderListItem {
  id: string;
  customerId: string;
  type: string;
  channel: string;
  status: string;
  currency: string;
  quoteId: string | null;
  customerReference: string | null;
  requestedDeliveryDate: string | null;
  lineCount: number;
  totals: { net: Money; tax: Money; gross: Money };
  orderedQuantity: number;
  stockedQuantity: number;
  shippedQuantity: number;
  invoicedQuantity: number;
  creditedQuantity: number;
  shippedPercent: number | null;
  invoicedPercent: number | null;
  activeShipments: number;
  invoicedGross: Money;
  creditedGross: Money;
  expectedRevenue: Money;
  exchangeRate: ExchangeRate | null;
  baseCurrency: string | null;
  draftedAt: string;
  confirmedAt: string | null;
  updatedAt: string;
  version: number;
  position: string;
}

export interface OrderSummaryLine {
  lineId: string;
  lineNo: number;
  sku: string;
  kind: string;
  quantity: number;
  unitPrice: Money;
  discount: Rate;
  taxRate: Rate;
  shippedQuantity: number;
  invoicedQuantity: number;
  creditedQuantity: number;
  net: Money;
  tax: Money;
  gross: Money;
}

export interface OrderSummaryShipment {
  id: string;
  status: string;
  quantity: number;
  returnedQuantity: number;
  shippedAt: string;
  updatedAt: string;
}

export interface OrderSummary extends OrderListItem {
  lines: OrderSummaryLine[];
  shipments: OrderSummaryShipment[];
}

const percent = (value: string | null): number | null => (value === null ? null : Number(value));

export const listItemOf = (r: SummaryRow): OrderListItem => ({
  id: r.order_id,
  customerId: r.customer_id,
  type: r.order_type,
  channel: r.channel,
  status: r.status,
  currency: r.currency,
  quoteId: r.quote_id,
  customerReference: r.customer_reference,
  requestedDeliveryDate: r.requested_delivery_date,
  lineCount: r.line_count,
  totals: { net: r.net, tax: r.tax, gross: r.gross },
  orderedQuantity: Number(r.ordered_quantity),
  stockedQuantity: Number(r.stocked_quantity),
  shippedQuantity: Number(r.shipped_quantity),
  invoicedQuantity: Number(r.invoiced_quantity),
  creditedQuantity: Number(r.credited_quantity),
  shippedPercent: percent(r.shipped_percent),
  invoicedPercent: percent(r.invoiced_percent),
  activeShipments: r.active_shipments,
  invoicedGross: r.invoiced_gross,
  creditedGross: r.credited_gross,
  expectedRevenue: r.expected_revenue,
  exchangeRate: r.exchange_rate,
  baseCurrency: r.base_currency,
  draftedAt: r.drafted_at.toISOString(),
  confirmedAt: r.confirmed_at?.toISOString() ?? null,
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
  position: r.last_position,
});

export const lineOf = (r: LineRow): OrderSummaryLine => ({
  lineId: r.line_id,
  lineNo: r.line_no,
  sku: r.sku,
  kind: r.kind,
  quantity: Number(r.quantity),
  unitPrice: r.unit_price,
  discount: r.discount,
  taxRate: r.tax_rate,
  shippedQuantity: Number(r.shipped),
  invoicedQuantity: Number(r.invoiced),
  creditedQuantity: Number(r.credited),
  net: r.net,
  tax: r.tax,
  gross: r.gross,
});

export const shipmentOf = (r: ShipmentRow): OrderSummaryShipment => ({
  id: r.shipment_id,
  status: r.status,
  quantity: Number(r.quantity),
  returnedQuantity: Number(r.returned_quantity),
  shippedAt: r.shipped_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
