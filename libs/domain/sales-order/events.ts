import { Address, InvoicePolicy } from '../customer/customer';
import { PricedLine } from '../shared/pricing';
import { Amounts } from '../shared/line-amounts';
import { ExchangeRate } from '../shared/exchange';
import { Money, Rate } from '../shared/money';
import { Quantity } from '../shared/quantity';

/** Events of the sales order (docs/events.md). Stream `order-<orderId>`. */
export const orderStream = (orderId: string): string => `order-${orderId}`;

export const ORDER_TYPES = ['standard', 'rush', 'backorder', 'blanket', 'drop-ship', 'service'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** Where an order came from (domain.md "Master data kept up to date"). */
export const ORDER_CHANNELS = ['web', 'pos', 'edi', 'manual'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** A line as priced when it was added: later product changes do not move it. */
export type OrderLineSnapshot = PricedLine;

export interface LineQuantity {
  lineId: string;
  sku: string;
  quantity: Quantity;
}

export interface InvoiceLine extends LineQuantity, Amounts {
  unitPrice: Money;
  discount: Rate;
  taxRate: Rate;
}

/** The order's header as drafted; the state keeps it as it is now. */
export interface OrderFields {
  orderId: string;
  customerId: string;
  orderType: OrderType;
  currency: string;
  requestedDeliveryDate: string | null;
  customerReference: string | null;
  channel: OrderChannel;
  /** Where the invoice goes: the customer's billing address when the order was drafted, kept as it was then. */
  billingAddress: Address | null;
  /** Where to ship: the order's own address, else the customer's shipping address, else its billing address, as they were at drafting. */
  shippingAddress: Address | null;
  /** null: the customer's policy at invoicing time applies. */
  invoicePolicy: InvoicePolicy | null;
  quoteId: string | null;
  /**
   * Base-currency units per order-currency unit (ADR 0007); null until given. Confirmation needs one when
   * the order is not in the base currency.
   */
  exchangeRate: ExchangeRate | null;
}

/** Header fields a draft may change (domain.md: customer references, dates, addresses). */
export type OrderDetailChanges = Partial<
  Pick<OrderFields, 'requestedDeliveryDate' | 'customerReference' | 'billingAddress' | 'shippingAddress' | 'invoicePolicy' | 'exchangeRate'>
>;

/**
 * The credit check made at confirmation (domain.md "Sales orders"), all in the base currency: the
 * customer's limit, its open receivables and open (confirmed, not yet invoiced) orders as read from the
 * caught-up read models, and this order's gross. `override` names who confirmed past the limit, and why.
 */
export interface CreditCheck {
  currency: string;
  limit: Money;
  openReceivables: Money;
  openOrders: Money;
  thisOrder: Money;
  exposure: Money;
  exceeded: boolean;
  override: { by: string; reason: string | null } | null;
}

/** A document's currency facts (ADR 0007): its rate to the base currency and its totals converted. */
export interface BaseCurrencyFacts {
  exchangeRate: ExchangeRate;
  baseCurrency: string;
  baseTotals: Amounts;
}

export type OrderEvent =
  | {
      type: 'OrderDrafted';
      data: Omit<OrderFields, 'billingAddress' | 'channel'> & {
        /** Absent on orders drafted before channels were recorded: `manual`. */
        channel?: OrderChannel;
        /** The customer's billing address, snapshotted. Absent on orders drafted before addresses were snapshotted: none. */
        billingAddress?: Address | null;
        lines: OrderLineSnapshot[];
      };
    }
  | {
      type: 'OrderDetailsChanged';
      /** Only the fields that changed, with their new values. */
      data: { orderId: string; changes: OrderDetailChanges };
    }
  | { type: 'OrderLineAdded'; data: { orderId: string; line: OrderLineSnapshot } }
  | {
      type: 'OrderLineChanged';
      data: { orderId: string; lineId: string; sku: string; quantity: Quantity; unitPrice: Money; discount: Rate; previousQuantity: Quantity };
    }
  | { type: 'OrderLineRemoved'; data: { orderId: string; lineId: string; sku: string; quantity: Quantity } }
  /** A sent order whose lines were edited goes back to draft (domain.md "Sales orders"). */
  | { type: 'OrderReturnedToDraft'; data: { orderId: string } }
  | { type: 'OrderDiscarded'; data: { orderId: string; reason: string | null } }
  | { type: 'OrderSent'; data: { orderId: string } }
  | {
      type: 'OrderConfirmed';
      data: {
        orderId: string;
        customerId: string;
        /** Stock reserved for each stocked line (the stock projection keeps it). */
        reservations: LineQuantity[];
        totals: Amounts;
        /**
         * Absent on events written before orders carried exchange rates: the order keeps the rate it was
         * drafted with (none then), and the order list counts it at rate "1" in its own currency.
         */
        exchangeRate?: ExchangeRate;
        baseCurrency?: string;
        baseTotals?: Amounts;
        /** null when the customer has no credit limit. Absent before the credit limit was checked. */
        creditCheck?: CreditCheck | null;
      };
    }
  | { type: 'LinesShipped'; data: { orderId: string; shipmentId: string; lines: LineQuantity[] } }
  | { type: 'ShipmentDelivered'; data: { orderId: string; shipmentId: string } }
  | { type: 'ShipmentLinesReturned'; data: { orderId: string; shipmentId: string; lines: LineQuantity[] } }
  | {
      type: 'InvoiceIssued';
      data: {
        orderId: string;
        invoiceId: string;
        customerId: string;
        currency: string;
        invoiceDate: string;
        dueDate: string;
        lines: InvoiceLine[];
        totals: Amounts;
      } & BaseCurrencyFacts;
    }
  | {
      /**
       * A credit note corrects an issued invoice (domain.md "Invoices"). Recorded on the order, where the
       * quantities live: `reopenBilling` lowers the lines' invoiced quantity (they may be invoiced again),
       * otherwise their credited quantity grows. Its money effect on the customer's account is
       * `CreditNotePosted` (customer-account/events.ts).
       */
      type: 'CreditNoteIssued';
      data: {
        orderId: string;
        creditNoteId: string;
        invoiceId: string;
        customerId: string;
        currency: string;
        creditDate: string;
        reason: string;
        reopenBilling: boolean;
        lines: InvoiceLine[];
        totals: Amounts;
      } & BaseCurrencyFacts;
    }
  | { type: 'OrderLocked'; data: { orderId: string } }
  | { type: 'OrderCanceled'; data: { orderId: string; reason: string | null; releasedReservations: LineQuantity[] } };

export type OrderEventType = OrderEvent['type'];
