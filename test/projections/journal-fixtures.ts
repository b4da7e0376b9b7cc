import { randomUUID } from 'node:crypto';
import { IssuedInvoice, invoiceFacts } from '@ledgerline/application/invoices/issued-invoices';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { CustomerAccountCommand } from '@ledgerline/domain/customer-account/commands';
import { customerAccountDecider } from '@ledgerline/domain/customer-account/customer-account';
import { CustomerAccountEvent, customerAccountStream } from '@ledgerline/domain/customer-account/events';
import { customerDecider, customerStream } from '@ledgerline/domain/customer/customer';
import { CustomerFacts, OrderCommand } from '@ledgerline/domain/sales-order/commands';
import { OrderEvent, orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { stockReceiptDecider, stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { EventStore } from '@ledgerline/event-store/port';
import { BASE_CURRENCY, confirmOrder, createCustomer, createProduct, customerFacts, draftOrder, invoiceLines, productFacts, receiveStock } from '../../bench/src/history/order-to-cash-commands';
import { orderToCash } from './stock-fixtures';

/** The ledger's base currency in these tests (BASE_CURRENCY's default). */
export const BASE = BASE_CURRENCY;

export type Posted<T extends CustomerAccountEvent['type']> = Extract<CustomerAccountEvent, { type: T }>['data'] & { position: string };

/**
 * What the ledger's tests need beyond stock-fixtures.ts: invoices on a chosen date that return their id,
 * receipts and orders in another currency (at an exchange rate to EUR), and the customer's account:
 * payments, applied credit and credit notes. Same rule: every command goes through the real decider and
 * the real store, and the order-to-cash ones are the bench's log generator's.
 */
export function ledgerFixtures(store: EventStore, o2c: ReturnType<typeof orderToCash>) {
  const aggregates = new AggregateStore(store);
  const context = (): CommandContext => ({ actor: 'test', correlationId: randomUUID(), causationId: randomUUID(), receivedAt: new Date() });
  const onOrder = (orderId: string, command: OrderCommand) => aggregates.execute(orderDecider, orderStream(orderId), command, context());
  const onAccount = (customerId: string, command: CustomerAccountCommand) => aggregates.execute(customerAccountDecider, customerAccountStream(customerId), command, context());
  /** The customer of each order these fixtures drafted (others are o2c's one customer). */
  const buyers = new Map<string, CustomerFacts>();
  /** Every invoice issued through these fixtures, by id: its facts settle it. */
  const invoices = new Map<string, IssuedInvoice>();
  const buyerOf = async (orderId: string) => buyers.get(orderId) ?? (await o2c.customer());
  const account = (customerId: string) => ({ customerId, exists: true, currency: BASE });
  const appended = <T extends CustomerAccountEvent['type']>(result: { appended: { type: string; data: unknown }[]; position: string }, type: T): Posted<T> => {
    const event = result.appended.find((e) => e.type === type);
    if (!event) throw new Error(`No ${type} was appended`);
    return { ...(event.data as object), position: result.position } as Posted<T>;
  };

  const fixtures = {
    async invoiceOn(orderId: string, lines: readonly { lineId: string; quantity: number }[], invoiceDate: string): Promise<string> {
      return (await fixtures.issue(orderId, lines, invoiceDate)).invoiceId;
    },

    /** An invoice of the order, as its `InvoiceIssued` states it. */
    async issue(orderId: string, lines: readonly { lineId: string; quantity: number }[], invoiceDate: string): Promise<IssuedInvoice> {
      const invoiceId = randomUUID();
      const result = await onOrder(orderId, invoiceLines(orderId, invoiceId, await buyerOf(orderId), lines, invoiceDate));
      const issued = result.appended.find((e) => e.type === 'InvoiceIssued')?.data as IssuedInvoice;
      invoices.set(invoiceId, issued);
      return issued;
    },

    invoice(invoiceId: string): IssuedInvoice {
      const invoice = invoices.get(invoiceId);
      if (!invoice) throw new Error(`No invoice ${invoiceId} issued by these fixtures`);
      return invoice;
    },

    /** A receipt in any currency (the api always receives in the base currency). */
    async receiveIn(sku: string, quantity: number, unitCost: string, currency: string): Promise<string> {
      const receiptId = randomUUID();
      await aggregates.execute(stockReceiptDecider, stockReceiptStream(receiptId), receiveStock(receiptId, sku, quantity, unitCost, { currency }), context());
      return receiptId;
    },

    /** A customer of its own (o2c's one customer is everybody else's): its account is a stream nobody else writes. */
    async newCustomer(currency = BASE): Promise<CustomerFacts> {
      const customerId = randomUUID();
      const command = createCustomer(customerId, { name: `Ledger ${customerId.slice(0, 8)}`, currency });
      await aggregates.execute(customerDecider, customerStream(customerId), command, context());
      return customerFacts(command);
    },

    /**
     * A confirmed order in `currency`, its lines at explicit prices (the fixtures' products are priced in
     * EUR), at `exchangeRate` to EUR (required outside EUR), for `customer` (o2c's one customer by default).
     */
    async confirmedIn(
      currency: string,
      lines: readonly { sku: string; quantity: number; unitPrice: string }[],
      options: { exchangeRate?: string; customer?: CustomerFacts } = {},
    ): Promise<{ orderId: string; lineIds: string[] }> {
      const orderId = randomUUID();
      const customer = options.customer ?? (await o2c.customer());
      buyers.set(orderId, customer);
      const requested = lines.map(({ sku, quantity, unitPrice }) => ({
        lineId: randomUUID(),
        sku,
        quantity,
        unitPrice,
        product: productFacts(createProduct(sku).data),
      }));
      await onOrder(orderId, draftOrder(orderId, customer, requested, { currency, exchangeRate: options.exchangeRate ?? null }));
      await onOrder(orderId, confirmOrder(orderId, customer));
      return { orderId, lineIds: requested.map((l) => l.lineId) };
    },

    /** A payment by `customerId` in `currency` (at `exchangeRate` outside EUR), allocated to invoices these fixtures issued. */
    async pay(
      customerId: string,
      payment: { amount: string; currency?: string; receivedOn: string; exchangeRate?: string; allocations?: { invoiceId: string; amount: string }[] },
    ): Promise<Posted<'PaymentReceived'>> {
      const { currency = BASE, allocations = [] } = payment;
      const result = await onAccount(customerId, {
        type: 'ReceivePayment',
        data: {
          paymentId: randomUUID(),
          customer: account(customerId),
          amount: payment.amount,
          currency,
          receivedOn: payment.receivedOn,
          exchangeRate: payment.exchangeRate ?? null,
          baseCurrency: BASE,
          allocations,
          invoices: new Map(allocations.map(({ invoiceId }) => [invoiceId, invoiceFacts(fixtures.invoice(invoiceId), null)])),
        },
      });
      return appended(result, 'PaymentReceived');
    },

    /** The customer's unapplied credit (in the invoice's currency) moved onto the invoice. */
    async applyCredit(invoiceId: string, amount: string, appliedOn: string): Promise<Posted<'CreditApplied'>> {
      const invoice = fixtures.invoice(invoiceId);
      const result = await onAccount(invoice.customerId, {
        type: 'ApplyCredit',
        data: { applicationId: randomUUID(), customer: account(invoice.customerId), invoice: invoiceFacts(invoice, null), amount, appliedOn },
      });
      return appended(result, 'CreditApplied');
    },

    /** A credit note of lines of the invoice: issued on the order (quantities), posted on the account (money). */
    async creditNote(invoiceId: string, lines: readonly { lineId: string; quantity: number }[], creditDate: string): Promise<Posted<'CreditNotePosted'>> {
      const invoice = fixtures.invoice(invoiceId);
      const creditNoteId = randomUUID();
      const issued = await onOrder(invoice.orderId, {
        type: 'IssueCreditNote',
        data: { orderId: invoice.orderId, invoiceId, creditNoteId, lines, reason: 'test', reopenBilling: false, creditDate },
      });
      const note = (issued.appended.find((e) => e.type === 'CreditNoteIssued') as Extract<OrderEvent, { type: 'CreditNoteIssued' }>).data;
      const result = await onAccount(invoice.customerId, {
        type: 'PostCreditNote',
        data: { creditNoteId, customerId: invoice.customerId, invoice: invoiceFacts(invoice, null), creditDate, totals: note.totals, baseTotals: note.baseTotals },
      });
      return appended(result, 'CreditNotePosted');
    },
  };
  return fixtures;
}
