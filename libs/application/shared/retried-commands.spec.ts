import { InMemoryEventStore } from '../../event-store/in-memory/in-memory-event-store';
import { AppendResult, ExpectedVersion, NewEvent } from '../../event-store/port';
import { CustomerCommandHandler, ExecuteCustomerCommand } from '../customers/customer.handlers';
import { CreditNoteFlow } from '../invoices/credit-note-flow';
import { IssueCreditNote, IssueCreditNoteHandler } from '../invoices/credit-note.handlers';
import { CreditNoteNumbering, InvoiceNumbering } from '../invoices/document-numbering';
import { InvoiceOrderLines, InvoiceOrderLinesHandler } from '../invoices/invoice.handlers';
import { IssuedInvoices } from '../invoices/issued-invoices';
import { ConfirmOrder, ConfirmOrderHandler, DraftOrder, DraftOrderHandler } from '../orders/order.handlers';
import { CustomerReferenceClaims } from '../orders/customer-reference-claims';
import { ReceivePayment, ReceivePaymentHandler } from '../payments/payment.handlers';
import { ExecuteProductCommand, ProductCommandHandler } from '../products/product.handlers';
import { ConvertQuote, ConvertQuoteHandler, ExecuteQuoteCommand, QuoteCommandHandler } from '../quotes/quote.handlers';
import { AggregateStore } from './aggregate-store';
import { CommandContext } from './command-context';
import { Lookups } from './lookups';

/** After crashAfter(n), lets n appends through and dies (throws, writing nothing) at the next. */
class CrashingStore extends InMemoryEventStore {
  private left = Infinity;
  crashAfter(appends: number): void {
    this.left = appends;
  }
  override async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.left-- <= 0) throw new Error('crash');
    return super.append(streamId, events, expected);
  }
}

/** One process's handlers on a store: a new world on the same store is a restart. */
function handlers(store: InMemoryEventStore) {
  const aggregates = new AggregateStore(store);
  const lookups = new Lookups(aggregates);
  const numbering = new InvoiceNumbering(store);
  const invoices = new IssuedInvoices(aggregates, numbering);
  const noExposure = { exposure: async () => ({ openReceivables: '0.00', openOrders: '0.00' }) };
  return {
    customer: new CustomerCommandHandler(aggregates),
    product: new ProductCommandHandler(aggregates),
    draft: new DraftOrderHandler(aggregates, lookups, new CustomerReferenceClaims(aggregates)),
    confirm: new ConfirmOrderHandler(aggregates, lookups, noExposure),
    invoice: new InvoiceOrderLinesHandler(aggregates, lookups, numbering),
    creditNote: new IssueCreditNoteHandler(aggregates, invoices, new CreditNoteFlow(aggregates, new CreditNoteNumbering(store), invoices)),
    payment: new ReceivePaymentHandler(aggregates, lookups, invoices),
    quote: new QuoteCommandHandler(aggregates, lookups),
    convert: new ConvertQuoteHandler(aggregates, lookups),
  };
}
type Handlers = ReturnType<typeof handlers>;

const receivedAt = new Date('2026-03-02T10:00:00.000Z');
const setupContext: CommandContext = { actor: 'setup', correlationId: 'c', causationId: 'c', receivedAt };
const retried = (extra: Partial<CommandContext> = {}): CommandContext => ({ actor: 'client', correlationId: 'r', causationId: 'r', receivedAt, commandId: 'command-1', ...extra });
const [customerId, orderId, lineId, invoiceId, quoteId] = ['c-1', 'o-1', 'l-1', 'i-1', 'q-1'];

/** A customer, a service product, and a confirmed order of 4 days, invoiced for 2 (INV-2026-000001). */
async function invoicedOrder(h: Handlers): Promise<void> {
  await h.customer.execute(
    new ExecuteCustomerCommand(
      { type: 'CreateCustomer', data: { customerId, name: 'Acme', currency: 'EUR', creditLimit: null, paymentTermsDays: 30, invoicePolicy: 'ordered', email: null, billingAddress: null, shippingAddress: null, salespersonId: null } },
      setupContext,
    ),
  );
  await h.product.execute(
    new ExecuteProductCommand({ type: 'CreateProduct', data: { sku: 'DAY', name: 'Day', kind: 'service', currency: 'EUR', unitPrice: '100.00', taxRate: '0.20', unitCost: null } }, setupContext),
  );
  await h.draft.execute(
    new DraftOrder(
      { orderId, customerId, orderType: 'standard', requestedDeliveryDate: null, customerReference: null, channel: 'manual', shippingAddress: null, invoicePolicy: null, lines: [{ lineId, sku: 'DAY', quantity: 4 }] },
      setupContext,
    ),
  );
  await h.confirm.execute(new ConfirmOrder(orderId, 'EUR', null, setupContext));
  await h.invoice.execute(new InvoiceOrderLines(orderId, 'i-0', [{ lineId, quantity: 2 }], '2026-03-01', undefined, 'EUR', setupContext));
}

const log = async (store: InMemoryEventStore) => (await store.readAll({ limit: 10_000 })).map(({ streamId, version, position, type, data }) => ({ streamId, version, position, type, data }));

/**
 * The same command run to completion in one world, and in another killed at an append (`crashAt` appends
 * in), then sent again to a fresh process on that store: the retry's answer equals the uninterrupted one,
 * and the logs are the same event for event. `crashAt` equal to every append the command makes is the
 * crash after the last write, before the answer was recorded.
 */
async function crashAndRetry<T>(setup: (h: Handlers) => Promise<void>, run: (h: Handlers) => Promise<T>, crashAt: number): Promise<{ answer: T; appends: number }> {
  const twin = new CrashingStore();
  await setup(handlers(twin));
  const before = (await twin.readAll({ limit: 10_000 })).length;
  const expected = await run(handlers(twin));
  // A command appends to each stream it writes once.
  const appends = new Set((await twin.readAll({ limit: 10_000 })).slice(before).map((e) => e.streamId)).size;

  const store = new CrashingStore();
  await setup(handlers(store));
  store.crashAfter(crashAt);
  if (crashAt < appends) await expect(run(handlers(store))).rejects.toThrow('crash');
  else await run(handlers(store)); // its answer is lost with the process
  store.crashAfter(Infinity);
  const answer = await run(handlers(store));
  expect(answer).toEqual(expected);
  expect(await log(store)).toEqual(await log(twin));
  // And once more, now that everything is written: the same answer again, nothing new.
  expect(await run(handlers(store))).toEqual(expected);
  expect(await log(store)).toEqual(await log(twin));
  return { answer, appends };
}

describe('a retried command after a crash at any of its appends', () => {
  const invoice = (h: Handlers) => h.invoice.execute(new InvoiceOrderLines(orderId, invoiceId, [{ lineId, quantity: 1 }], undefined, undefined, 'EUR', retried()));

  it.each([0, 1, 2, 3])('invoice: issued on the order, number claimed, number recorded (crash after %i)', async (crashAt) => {
    const { answer, appends } = await crashAndRetry(invoicedOrder, invoice, crashAt);
    expect(appends).toBe(3);
    expect(answer).toMatchObject({ id: invoiceId, number: 'INV-2026-000002', totals: { gross: '120.00' }, invoiceDate: '2026-03-02' });
  });

  const creditNote = (h: Handlers) => h.creditNote.execute(new IssueCreditNote('i-0', 'cn-1', [{ lineId, quantity: 1 }], 'goodwill', false, undefined, retried()));

  it.each([0, 1, 2, 3, 4])('credit note: issued on the order, numbered, posted on the account (crash after %i)', async (crashAt) => {
    const { answer, appends } = await crashAndRetry(invoicedOrder, creditNote, crashAt);
    expect(appends).toBe(4);
    expect(answer).toMatchObject({ id: 'cn-1', number: 'CN-2026-000001', totals: { gross: '120.00' }, applied: '120.00' });
  });

  const payment = (h: Handlers) =>
    h.payment.execute(new ReceivePayment({ paymentId: 'p-1', customerId, amount: '300.00', allocations: [{ invoiceId: 'i-0', amount: '240.00' }] }, 'EUR', retried()));

  it.each([0, 1])('payment on the customer account (crash after %i)', async (crashAt) => {
    const { answer } = await crashAndRetry(invoicedOrder, payment, crashAt);
    expect(answer).toMatchObject({ id: 'p-1', allocated: '240.00', unallocated: '60.00' });
  });

  async function acceptedQuote(h: Handlers): Promise<void> {
    await invoicedOrder(h);
    await h.quote.execute(new ExecuteQuoteCommand({ type: 'DraftQuote', quoteId, customerId, currency: null, validUntil: '2026-04-01', lines: [{ lineId: 'ql-1', sku: 'DAY', quantity: 1 }] }, setupContext));
    await h.quote.execute(new ExecuteQuoteCommand({ type: 'SendQuote', quoteId }, setupContext));
    await h.quote.execute(new ExecuteQuoteCommand({ type: 'AcceptQuote', quoteId }, setupContext));
  }
  // If-Match names the quote as the first attempt saw it: the retry answers despite the version it moved to.
  const convert = (h: Handlers) => h.convert.execute(new ConvertQuote(quoteId, retried({ expectedVersion: 2 })));

  it.each([0, 1, 2])('quote conversion: order drafted, quote converted (crash after %i)', async (crashAt) => {
    const { answer, appends } = await crashAndRetry(acceptedQuote, convert, crashAt);
    expect(appends).toBe(2);
    expect(answer).toMatchObject({ version: 3 });
  });
});
