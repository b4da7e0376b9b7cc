import { Address, InvoicePolicy } from '../customer/customer';
import { Money, Rate } from '../shared/money';
import type { RequestedLine } from '../shared/pricing';
import { Quantity } from '../shared/quantity';
import { LineQuantity, OrderDetailChanges, OrderLineSnapshot, OrderType } from './events';

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
        shippingAddress: Address | null;
        invoicePolicy: InvoicePolicy | null;
        quoteId: string | null;
        lines: readonly RequestedLine[];
      };
    }
  | { type: 'ChangeOrderDetails'; data: { orderId: string; changes: OrderDetailChanges } }
  | { type: 'AddLine'; data: { orderId: string; line: RequestedLine } }
  | { type: 'ChangeLine'; data: { orderId: string; lineId: string; quantity?: Quantity; unitPrice?: Money; discount?: Rate } }
  | { type: 'RemoveLine'; data: { orderId: string; lineId: string } }
  | { type: 'DiscardDraft'; data: { orderId: string; reason?: string } }
  | { type: 'SendOrder'; data: { orderId: string } }
  | { type: 'ConfirmOrder'; data: { orderId: string; customer: CustomerFacts } }
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
      };
    }
  | { type: 'LockOrder'; data: { orderId: string } }
  | { type: 'CancelOrder'; data: { orderId: string; reason?: string } };

export type { LineQuantity, OrderDetailChanges, OrderLineSnapshot };
