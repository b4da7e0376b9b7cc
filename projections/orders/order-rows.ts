import type { ProductKind } from '../../libs/domain/product/product';
import type { OrderStatus } from '../../libs/domain/sales-order/state';
import type { ShipmentStatus } from './order-model';

/** Rows of the orders tables as `pg` returns them: numeric as decimal strings, timestamptz as Date. */
export interface SummaryRow {
  order_id: string;
  customer_id: string;
  order_type: string;
  channel: string;
  status: OrderStatus;
  currency: string;
  quote_id: string | null;
  customer_reference: string | null;
  requested_delivery_date: string | null;
  line_count: number;
  net: string;
  tax: string;
  gross: string;
  ordered_quantity: string;
  stocked_quantity: string;
  shipped_quantity: string;
  invoiced_quantity: string;
  credited_quantity: string;
  shipped_percent: string | null;
  invoiced_percent: string | null;
  active_shipments: number;
  invoiced_gross: string;
  credited_gross: string;
  expected_revenue: string;
  exchange_rate: string | null;
  base_currency: string | null;
  drafted_at: Date;
  confirmed_at: Date | null;
  updated_at: Date;
  version: number;
  last_position: string;
}

export interface LineRow {
  order_id: string;
  line_id: string;
  line_no: number;
  sku: string;
  kind: ProductKind;
  quantity: string;
  unit_price: string;
  discount: string;
  tax_rate: string;
  shipped: string;
  invoiced: string;
  credited: string;
  net: string;
  tax: string;
  gross: string;
}

export interface ShipmentRow {
  order_id: string;
  shipment_id: string;
  status: ShipmentStatus;
  quantity: string;
  returned_quantity: string;
  shipped_at: Date;
  updated_at: Date;
}
