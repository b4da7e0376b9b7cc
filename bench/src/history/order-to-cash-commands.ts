import type { CustomerCommand, CustomerProfile } from '@ledgerline/domain/customer/customer';
import type { ProductCommand, ProductDetails, ProductKind } from '@ledgerline/domain/product/product';
import type { CreditFacts, CustomerFacts, OrderCommand, ProductFacts, RequestedLine } from '@ledgerline/domain/sales-order/commands';
import type { Money } from '@ledgerline/domain/shared/money';
import type { Quantity } from '@ledgerline/domain/shared/quantity';
import type { StockReceiptCommand } from '@ledgerline/domain/stock-receipt/stock-receipt';

/**
 * The commands of an order-to-cash history, whole, as the api's handlers hand them to the deciders: every
 * field present, the ones a request left out at the value the handler gives them. The bench's log
 * generator decides them offline into appends; the projection tests' fixtures execute them through the
 * real store. One place, so a field added to a command is added to both, and the two kinds of history
 * cannot drift apart.
 */

/** The ledger's base currency in generated histories (BASE_CURRENCY's default). */
export const BASE_CURRENCY = 'EUR';

type Command<C extends { type: string }, T extends C['type']> = Extract<C, { type: T }>;
export type CreateCustomer = Command<CustomerCommand, 'CreateCustomer'>;
export type DraftOrderData = Command<OrderCommand, 'DraftOrder'>['data'];

/** A customer as POST /v1/customers creates it from a name alone: no credit limit, 30 days, invoiced as ordered. */
export function createCustomer(customerId: string, profile: Partial<CustomerProfile> = {}): CreateCustomer {
  return {
    type: 'CreateCustomer',
    data: {
      customerId,
      name: `Customer ${customerId.slice(0, 8)}`,
      currency: BASE_CURRENCY,
      creditLimit: null,
      paymentTermsDays: 30,
      invoicePolicy: 'ordered',
      email: null,
      billingAddress: null,
      shippingAddress: null,
      salespersonId: null,
      ...profile,
    },
  };
}

/** What an order's commands know of the customer `command` created (Lookups.customer, minus the credit limit). */
export function customerFacts(command: CreateCustomer): CustomerFacts {
  const { customerId, invoicePolicy, paymentTermsDays } = command.data;
  return { customerId, exists: true, blocked: false, invoicePolicy, paymentTermsDays };
}

/** A product priced at 10.00 EUR with 20 % tax unless told; a stocked one has a standard cost (1.00 unless told). */
export function createProduct(sku: string, details: Partial<Omit<ProductDetails, 'sku'>> = {}): Command<ProductCommand, 'CreateProduct'> {
  const kind = details.kind ?? 'stocked';
  return {
    type: 'CreateProduct',
    data: { sku, name: sku, kind, currency: BASE_CURRENCY, unitPrice: '10.00', taxRate: '0.20', unitCost: kind === 'stocked' ? '1.00' : null, ...details },
  };
}

/** What a line's pricing knows of a product (Lookups.product): a product just created is active. */
export function productFacts(details: ProductDetails): ProductFacts {
  const { sku, kind, currency, unitPrice, taxRate } = details;
  return { sku, kind, currency, unitPrice, taxRate, active: true };
}

/** A receipt of `quantity` at `unitCost`, in the base currency unless told (the api always receives in it). */
export function receiveStock(
  receiptId: string,
  sku: string,
  quantity: Quantity,
  unitCost: Money,
  options: { currency?: string; kind?: ProductKind } = {},
): StockReceiptCommand {
  const { currency = BASE_CURRENCY, kind = 'stocked' } = options;
  return { type: 'ReceiveStock', data: { receiptId, sku, quantity, unitCost, currency, product: { kind } } };
}

/** A standard order in the base currency, with none of the optional header fields, unless `header` says otherwise. */
export function draftOrder(
  orderId: string,
  customer: CustomerFacts,
  lines: readonly RequestedLine[],
  header: Partial<Omit<DraftOrderData, 'orderId' | 'customer' | 'lines'>> = {},
): OrderCommand {
  return {
    type: 'DraftOrder',
    data: {
      orderId,
      customer,
      orderType: 'standard',
      currency: BASE_CURRENCY,
      requestedDeliveryDate: null,
      customerReference: null,
      channel: 'manual',
      billingAddress: null,
      shippingAddress: null,
      invoicePolicy: null,
      quoteId: null,
      ...header,
      lines,
    },
  };
}

/** Confirmation as the handler sends it; `credit` null: the customer has no credit limit, nothing to check. */
export function confirmOrder(orderId: string, customer: CustomerFacts, credit: CreditFacts | null = null, baseCurrency = BASE_CURRENCY): OrderCommand {
  return { type: 'ConfirmOrder', data: { orderId, customer, baseCurrency, credit } };
}

/** An invoice of `lines` dated `invoiceDate`, at the order's rate. */
export function invoiceLines(
  orderId: string,
  invoiceId: string,
  customer: CustomerFacts,
  lines: readonly { lineId: string; quantity: Quantity }[],
  invoiceDate: string,
  baseCurrency = BASE_CURRENCY,
): OrderCommand {
  return { type: 'InvoiceLines', data: { orderId, invoiceId, lines, invoiceDate, customer, baseCurrency } };
}
