import { Address, InvoicePolicy } from '../customer/customer';
import { ExchangeRate } from '../shared/exchange';
import { Money, Rate } from '../shared/money';
import type { RequestedLine } from '../shared/pricing';
import { Quantity } from '../shared/quantity';
import { LineQuantity, OrderChannel, OrderDetailChanges, OrderLineSnapshot, OrderType } from './events';

/**
 * Commands of the sales order. Looked-up facts (the customer, the product prices, dates) arrive on the
 * command: the decider never reads a store or the clock.
 */
export interface CustomerFacts {
  customerId: string;
  exists: boolean;
  blocked: boolean;
  invoicePolicy: InvoicePolicy;
  paymentTermsDays: number;
}

export type { ProductFacts, RequestedLine } from '../shared/pricing';

/** What the credit check at confirmation reads (domain.md "Sales orders"), in the base currency. */
export interface CreditFacts {
  /** The customer's credit limit, in the base currency (docs/product-decisions.md). */
  limit: Money;
  /** Σ outstanding of the customer's invoices, converted at each invoice's rate. */
  openReceivables: Money;
  /** Σ gross not yet invoiced of the customer's other confirmed orders, at each order's rate. */
  openOrders: Money;
  /** Set when a user with the credit-override permission confirms past the limit on purpose. */
  override: { by: string; reason: string | null } | null;
}

export type OrderCommand =
  | {
      type: 'DraftOrder';
      data: {
        orderId: string;
        customer: CustomerFacts;
        orderType: OrderType;
        currency: string;
        requestedDeliveryDate: string | null;
        customerReference: string | null;
        channel: OrderChannel;
        billingAddress: Address | null;
        shippingAddress: Address | null;
        invoicePolicy: InvoicePolicy | null;
        quoteId: string | null;
        /** Validated by the decider (exchange.ts). A base-currency order confirms at rate "1" whatever it says. */
        exchangeRate?: ExchangeRate | null;
        lines: readonly RequestedLine[];
      };
    }
  | { type: 'ChangeOrderDetails'; data: { orderId: string; changes: OrderDetailChanges } }
  | { type: 'AddLine'; data: { orderId: string; line: RequestedLine } }
  | { type: 'ChangeLine'; data: { orderId: string; lineId: string; quantity?: Quantity; unitPrice?: Money; discount?: Rate } }
  | { type: 'RemoveLine'; data: { orderId: string; lineId: string } }
  | { type: 'DiscardDraft'; data: { orderId: string; reason?: string } }
  | { type: 'SendOrder'; data: { orderId: string } }
  | {
      type: 'ConfirmOrder';
      data: {
        orderId: string;
        customer: CustomerFacts;
        baseCurrency: string;
        /**
         * The customer's exposure as the caught-up read models show it, in the base currency; null when the
         * customer has no credit limit (nothing to check).
         */
        credit: CreditFacts | null;
      };
    }
  | { type: 'ShipLines'; data: { orderId: string; shipmentId: string; lines: readonly { lineId: string; quantity: Quantity }[] } }
  | { type: 'DeliverShipment'; data: { orderId: string; shipmentId: string } }
  | { type: 'ReturnShipmentLines'; data: { orderId: string; shipmentId: string; lines: readonly { lineId: string; quantity: Quantity }[] } }
  | {
      type: 'InvoiceLines';
      data: {
        orderId: string;
        invoiceId: string;
        lines: readonly { lineId: string; quantity: Quantity }[];
        invoiceDate: string;
        customer: CustomerFacts;
        baseCurrency: string;
        /** The invoice's own rate; the order's rate when absent. */
        exchangeRate?: ExchangeRate;
      };
    }
  | {
      type: 'IssueCreditNote';
      data: {
        orderId: string;
        invoiceId: string;
        creditNoteId: string;
        lines: readonly { lineId: string; quantity: Quantity }[];
        reason: string;
        reopenBilling: boolean;
        creditDate: string;
      };
    }
  | { type: 'LockOrder'; data: { orderId: string } }
  | { type: 'CancelOrder'; data: { orderId: string; reason?: string } };

export type { LineQuantity, OrderDetailChanges, OrderLineSnapshot };

/** The payload of one kind of order command: what each named rule of decide.ts takes. */
export type OrderCommandData<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>['data'];
