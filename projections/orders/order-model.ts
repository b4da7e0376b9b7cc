import type { ProductKind } from '../../libs/domain/product/product';
import type { OrderStatus } from '../../libs/domain/sales-order/state';
import type { ExchangeRate } from '../../libs/domain/shared/exchange';
import type { Money, Rate } from '../../libs/domain/shared/money';
import type { Quantity } from '../../libs/domain/shared/quantity';

/**
 * The in-memory form of one order's rows while a batch is folded. A batch reads only what folding needs
 * and writes only what may have changed: columns fixed at drafting are known (and inserted) only for an
 * order drafted in this batch, line figures only when the batch loaded the order's lines.
 */
export interface OrderModel {
  orderId: string;
  currency: string;
  status: OrderStatus;
  customerReference: string | null;
  requestedDeliveryDate: string | null;
  activeShipments: number;
  /** Σ invoice gross − Σ gross of the credit notes that reopen billing. */
  invoicedGross: Money;
  /** Σ gross of every credit note, reopening or not. */
  creditedGross: Money;
  expectedRevenue: Money;
  /** Base-currency units per order-currency unit: as drafted / changed (null: none given), then as confirmed. */
  exchangeRate: ExchangeRate | null;
  /** The ledger's base currency the order was confirmed against; null before confirmation. */
  baseCurrency: string | null;
  confirmedAt: string | null;
  updatedAt: string;
  version: number;
  lastPosition: string;
  /** The order's gross, kept apart from `figures` because expected revenue needs it in every batch. */
  gross: Money;
  /** Set when this batch drafted the order: its row is inserted, not updated. */
  drafted: DraftedFields | null;
  /** Derived from `lines` before writing; null when the batch did not load the lines (stored ones stay). */
  figures: LineFigures | null;
  /** All current lines, or null when no event of the batch needed them. */
  lines: Map<string, LineModel> | null;
  /** Stored lines removed by this batch. */
  removedLines: Set<string>;
  /** All shipments of the order, or null when no event of the batch needed them. */
  shipments: Map<string, ShipmentModel> | null;
}

export interface DraftedFields {
  customerId: string;
  orderType: string;
  channel: string;
  quoteId: string | null;
  draftedAt: string;
}

/** What the summary derives from the lines (order-figures.ts). */
export interface LineFigures {
  lineCount: number;
  net: Money;
  tax: Money;
  gross: Money;
  orderedQuantity: Quantity;
  stockedQuantity: Quantity;
  shippedQuantity: Quantity;
  invoicedQuantity: Quantity;
  creditedQuantity: Quantity;
  /** "0.00"–"100.00", null when there is nothing to measure against. */
  shippedPercent: string | null;
  invoicedPercent: string | null;
}

export interface LineModel {
  lineId: string;
  lineNo: number;
  sku: string;
  kind: ProductKind;
  quantity: Quantity;
  unitPrice: Money;
  discount: Rate;
  taxRate: Rate;
  shipped: Quantity;
  /** Invoiced and still billed: credit notes that reopen billing take their quantity off again. */
  invoiced: Quantity;
  /** Credited by credit notes that do not reopen billing (the line stays invoiced). */
  credited: Quantity;
  /** null: priced fields changed in this batch; priced once before writing. */
  amounts: { net: Money; tax: Money; gross: Money } | null;
  /** In the table already: a removal must delete it. */
  persisted: boolean;
  /** Changed by this batch: written. */
  dirty: boolean;
}

export type ShipmentStatus = 'shipped' | 'delivered' | 'returned';

export interface ShipmentModel {
  shipmentId: string;
  status: ShipmentStatus;
  /** Totals over the shipment's lines. */
  quantity: Quantity;
  returned: Quantity;
  shippedAt: string;
  updatedAt: string;
  dirty: boolean;
}
