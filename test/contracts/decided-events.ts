import { CustomerAccountCommand, CustomerFactsForAccount, InvoiceFacts } from '@ledgerline/domain/customer-account/commands';
import { customerAccountDecider } from '@ledgerline/domain/customer-account/customer-account';
import { CustomerCommand, customerDecider } from '@ledgerline/domain/customer/customer';
import { CreditNoteRecordEvent, creditNoteNumberDecider } from '@ledgerline/domain/invoice/credit-note-number';
import { InvoiceRecordEvent, invoiceNumberDecider } from '@ledgerline/domain/invoice/invoice-number';
import { CustomerReferenceCommand, customerReferenceDecider } from '@ledgerline/domain/customer-reference/customer-reference';
import { ProductCommand, productDecider } from '@ledgerline/domain/product/product';
import { QuoteCommand, quoteDecider } from '@ledgerline/domain/quote/quote';
import { CustomerFacts, OrderCommand, ProductFacts, RequestedLine } from '@ledgerline/domain/sales-order/commands';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { Decider } from '@ledgerline/domain/shared/decider';
import { StockReceiptCommand, stockReceiptDecider } from '@ledgerline/domain/stock-receipt/stock-receipt';

/**
 * Events as the real deciders make them, through one order-to-cash story per aggregate (given/when/then
 * without the then): the sample the contract test validates against the published schemas.
 */
type Message = { type: string; data: unknown };

/** Decides each command against the state the previous ones left, as the aggregate store does. */
export function play<State, Command, Event>(decider: Decider<State, Command, Event>, commands: readonly Command[]): Event[] {
  const events: Event[] = [];
  let state = decider.initialState;
  for (const command of commands) {
    const decided = decider.decide(command, state);
    state = decided.reduce(decider.evolve, state);
    events.push(...decided);
  }
  return events;
}

const now = '2026-11-02T09:00:00.000Z';
const customer: CustomerFacts = { customerId: 'c-1', exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
const widget: ProductFacts = { sku: 'W-1', kind: 'stocked', currency: 'EUR', unitPrice: '10.00', taxRate: '0.20', active: true };
const service: ProductFacts = { sku: 'S-1', kind: 'service', currency: 'EUR', unitPrice: '50.00', taxRate: '0.20', active: true };
const line = (lineId: string, product: ProductFacts, quantity: number, extra: Partial<RequestedLine> = {}): RequestedLine => ({ lineId, product, sku: product.sku, quantity, ...extra });
const address = { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

const customers: CustomerCommand[] = [
  {
    type: 'CreateCustomer',
    data: { customerId: 'c-1', name: 'Acme', currency: 'EUR', creditLimit: '5000', paymentTermsDays: 30, invoicePolicy: 'ordered', email: 'ap@acme.test', billingAddress: address, shippingAddress: null, salespersonId: 'b5f8c3a0-0000-4000-8000-000000000009' },
  },
  { type: 'UpdateCustomer', data: { customerId: 'c-1', changes: { name: 'Acme GmbH', shippingAddress: { ...address, line2: 'Hof 2' } }, blocked: true, blockReason: 'late payments' } },
  { type: 'UpdateCustomer', data: { customerId: 'c-1', changes: {}, blocked: false } },
  { type: 'AddContact', data: { customerId: 'c-1', contact: { contactId: 'k-1', name: 'Jana Nováková', email: 'jana@acme.test', phone: '+49 30 1234567', role: 'billing' } } },
  { type: 'AddContact', data: { customerId: 'c-1', contact: { contactId: 'k-2', name: 'Piotr', email: null, phone: null, role: 'shipping' } } },
  { type: 'RemoveContact', data: { customerId: 'c-1', contactId: 'k-1' } },
  { type: 'UpdateCustomer', data: { customerId: 'c-1', changes: { salespersonId: null } } },
];

const products: ProductCommand[] = [
  { type: 'CreateProduct', data: { sku: 'W-1', name: 'Widget', kind: 'stocked', currency: 'EUR', unitPrice: '10', taxRate: '0.2', unitCost: '4.1' } },
  { type: 'UpdateProduct', data: { sku: 'W-1', changes: { name: 'Widget XL', unitPrice: '12', taxRate: '0.07', supplierId: 'b5f8c3a0-0000-4000-8000-000000000001', purchasePrice: '3.5' }, active: false } },
  { type: 'UpdateProduct', data: { sku: 'W-1', changes: { unitCost: null, supplierId: null, purchasePrice: null }, active: true } },
];

const references: CustomerReferenceCommand[] = [
  { type: 'ClaimCustomerReference', data: { customerId: 'c-1', reference: 'PO-4711', orderId: 'o-1', now, holder: null } },
  { type: 'ClaimCustomerReference', data: { customerId: 'c-1', reference: 'PO-4711', orderId: 'o-3', now, holder: { exists: true, discarded: true, customerReference: 'PO-4711' } } },
];

const receipts: StockReceiptCommand[] = [{ type: 'ReceiveStock', data: { receiptId: 'r-1', sku: 'W-1', quantity: 100.5, unitCost: '4.10', currency: 'EUR', product: { kind: 'stocked' } } }];

const quote = (quoteId: string, last: QuoteCommand[]): QuoteCommand[] => [
  { type: 'DraftQuote', data: { quoteId, now, customer, currency: 'EUR', validUntil: '2026-12-31', billingAddress: address, shippingAddress: address, lines: [line('L1', widget, 5), line('L2', service, 1)] } },
  { type: 'AddQuoteLine', data: { quoteId, now, line: line('L3', widget, 1, { discount: '0.1' }) } },
  { type: 'ChangeQuoteLine', data: { quoteId, now, lineId: 'L1', quantity: 6, unitPrice: '9.50' } },
  { type: 'RemoveQuoteLine', data: { quoteId, now, lineId: 'L3' } },
  { type: 'SendQuote', data: { quoteId, now } },
  ...last,
];
const quotes = [
  ...quote('q-1', [
    { type: 'AcceptQuote', data: { quoteId: 'q-1', now } },
    { type: 'ConvertQuote', data: { quoteId: 'q-1', now, orderId: 'o-1' } },
  ]),
];
const declinedQuote = quote('q-2', [{ type: 'DeclineQuote', data: { quoteId: 'q-2', now } }]);

const draft = (orderId: string, currency = 'EUR', exchangeRate: string | null = null): OrderCommand => ({
  type: 'DraftOrder',
  data: {
    orderId,
    customer,
    orderType: 'standard',
    currency,
    requestedDeliveryDate: '2026-11-20',
    customerReference: null,
    channel: 'manual',
    billingAddress: null,
    shippingAddress: address,
    invoicePolicy: null,
    quoteId: orderId === 'o-1' ? 'q-1' : null,
    exchangeRate,
    lines: [line('L1', { ...widget, currency }, 10), line('L2', { ...service, currency }, 2, { unitPrice: '45', discount: '0.1' })],
  },
});
const credit = { limit: '5000.00', openReceivables: '4900.00', openOrders: '0.00', override: { by: 'apikey:sales', reason: 'long-standing customer' } };
/** Edited, sent, edited again (back to draft), confirmed past the credit limit, shipped, returned, invoiced, credited, locked. */
const fulfilledOrder: OrderCommand[] = [
  draft('o-1'),
  { type: 'AddLine', data: { orderId: 'o-1', line: line('L3', widget, 1) } },
  { type: 'RemoveLine', data: { orderId: 'o-1', lineId: 'L3' } },
  { type: 'ChangeOrderDetails', data: { orderId: 'o-1', changes: { customerReference: 'PO-7', requestedDeliveryDate: '2026-11-22' } } },
  { type: 'SendOrder', data: { orderId: 'o-1' } },
  { type: 'ChangeLine', data: { orderId: 'o-1', lineId: 'L1', quantity: 12 } },
  { type: 'SendOrder', data: { orderId: 'o-1' } },
  { type: 'ConfirmOrder', data: { orderId: 'o-1', customer, baseCurrency: 'EUR', credit } },
  { type: 'ShipLines', data: { orderId: 'o-1', shipmentId: 'sh-1', lines: [{ lineId: 'L1', quantity: 12 }] } },
  { type: 'ReturnShipmentLines', data: { orderId: 'o-1', shipmentId: 'sh-1', lines: [{ lineId: 'L1', quantity: 2 }] } },
  { type: 'DeliverShipment', data: { orderId: 'o-1', shipmentId: 'sh-1' } },
  { type: 'ChangeLine', data: { orderId: 'o-1', lineId: 'L1', quantity: 10 } },
  { type: 'InvoiceLines', data: { orderId: 'o-1', invoiceId: 'i-1', lines: [{ lineId: 'L1', quantity: 10 }, { lineId: 'L2', quantity: 2 }], invoiceDate: '2026-11-23', customer, baseCurrency: 'EUR' } },
  { type: 'IssueCreditNote', data: { orderId: 'o-1', invoiceId: 'i-1', creditNoteId: 'cn-1', lines: [{ lineId: 'L2', quantity: 1 }], reason: 'one hour not worked', reopenBilling: false, creditDate: '2026-11-25' } },
  { type: 'LockOrder', data: { orderId: 'o-1' } },
];
/** A USD order at a rate, confirmed without a credit limit, then canceled. */
const canceledOrder: OrderCommand[] = [
  draft('o-2', 'USD', '0.9137'),
  { type: 'ConfirmOrder', data: { orderId: 'o-2', customer, baseCurrency: 'EUR', credit: null } },
  { type: 'CancelOrder', data: { orderId: 'o-2', reason: 'customer withdrew' } },
];
const discardedOrder: OrderCommand[] = [draft('o-3'), { type: 'DiscardDraft', data: { orderId: 'o-3' } }];

const accountCustomer: CustomerFactsForAccount = { customerId: 'c-1', exists: true, currency: 'EUR' };
const invoice: InvoiceFacts = {
  invoiceId: 'i-1',
  exists: true,
  customerId: 'c-1',
  orderId: 'o-1',
  number: 'INV-2026-000001',
  currency: 'USD',
  exchangeRate: '0.9137',
  baseCurrency: 'EUR',
  gross: '110.00',
  baseGross: '100.51',
  dueDate: '2026-12-23',
};
const account: CustomerAccountCommand[] = [
  {
    type: 'ReceivePayment',
    data: {
      paymentId: 'p-1',
      customer: accountCustomer,
      amount: '80.00',
      currency: 'USD',
      receivedOn: '2026-12-01',
      exchangeRate: '0.92',
      baseCurrency: 'EUR',
      allocations: [{ invoiceId: 'i-1', amount: '50.00' }],
      invoices: new Map([[invoice.invoiceId, invoice]]),
    },
  },
  { type: 'ApplyCredit', data: { applicationId: 'a-1', customer: accountCustomer, invoice, amount: '20.00', appliedOn: '2026-12-02' } },
  {
    type: 'PostCreditNote',
    data: {
      creditNoteId: 'cn-1',
      customerId: 'c-1',
      invoice,
      creditDate: '2026-12-03',
      totals: { net: '50.00', tax: '5.00', gross: '55.00' },
      baseTotals: { net: '45.69', tax: '4.57', gross: '50.26' },
    },
  },
];

function numbers(): Message[] {
  const assigned = play(invoiceNumberDecider, [{ type: 'AssignInvoiceNumber', data: { year: 2026, invoiceId: 'i-1', orderId: 'o-1' } }]);
  const creditNotes = play(creditNoteNumberDecider, [{ type: 'AssignCreditNoteNumber', data: { year: 2026, creditNoteId: 'cn-1', invoiceId: 'i-1', orderId: 'o-1' } }]);
  // The record events are written by the application (DocumentNumbering) from what the series decided.
  const invoiceRecord: InvoiceRecordEvent = { type: 'InvoiceNumbered', data: { invoiceId: 'i-1', orderId: 'o-1', number: assigned[0].data.number, year: 2026 } };
  const creditNoteRecord: CreditNoteRecordEvent = {
    type: 'CreditNoteNumbered',
    data: { creditNoteId: 'cn-1', invoiceId: 'i-1', orderId: 'o-1', number: creditNotes[0].data.number, year: 2026 },
  };
  return [...assigned, invoiceRecord, ...creditNotes, creditNoteRecord];
}

/** Every sample event, in the order decided. */
export function decidedEvents(): Message[] {
  return [
    ...play(customerDecider, customers),
    ...play(productDecider, products),
    ...play(customerReferenceDecider, references),
    ...play(stockReceiptDecider, receipts),
    ...play(quoteDecider, quotes),
    ...play(quoteDecider, declinedQuote),
    ...play(orderDecider, fulfilledOrder),
    ...play(orderDecider, canceledOrder),
    ...play(orderDecider, discardedOrder),
    ...numbers(),
    ...play(customerAccountDecider, account),
  ];
}
