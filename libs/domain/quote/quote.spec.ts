import { CustomerFacts, ProductFacts, RequestedLine } from '../sales-order/commands';
import { fold } from '../shared/decider';
import { deciderSpec } from '../shared/decider-spec';
import { ExistingQuote, QuoteCommand, QuoteEvent, QuoteLine, quoteDecider, quoteStatusAt, quoteStream } from './quote';

const spec = deciderSpec(quoteDecider);
const quoteId = 'q-1';
const now = '2026-03-10T09:00:00.000Z';
const later = '2026-04-01T00:00:00.000Z'; // after validUntil below
const customer: CustomerFacts = { customerId: 'c-1', exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
const widget: ProductFacts = { sku: 'WIDGET', kind: 'stocked', currency: 'EUR', unitPrice: '10.00', taxRate: '0.20', active: true };
const consulting: ProductFacts = { sku: 'CONSULT', kind: 'service', currency: 'EUR', unitPrice: '100.00', taxRate: '0.20', active: true };
const requested = (lineId: string, product: ProductFacts | null, extra: Partial<RequestedLine> = {}): RequestedLine => ({
  lineId,
  product,
  sku: product?.sku ?? 'NOPE',
  quantity: 2,
  ...extra,
});
const draftQuote = (extra: Partial<Extract<QuoteCommand, { type: 'DraftQuote' }>['data']> = {}): QuoteCommand => ({
  type: 'DraftQuote',
  data: { quoteId, now, customer, currency: 'EUR', validUntil: '2026-03-31', billingAddress: null, shippingAddress: null, lines: [requested('l-1', widget)], ...extra },
});

const line1: QuoteLine = { lineId: 'l-1', sku: 'WIDGET', kind: 'stocked', quantity: 2, unitPrice: '10.00', discount: '0.00', taxRate: '0.20' };
const drafted: QuoteEvent = {
  type: 'QuoteDrafted',
  data: { quoteId, customerId: 'c-1', currency: 'EUR', validUntil: '2026-03-31', lines: [line1], billingAddress: null, shippingAddress: null },
};
const sent: QuoteEvent = { type: 'QuoteSent', data: { quoteId } };
const accepted: QuoteEvent = {
  type: 'QuoteAccepted',
  data: { quoteId, customerId: 'c-1', totals: { net: '20.00', tax: '4.00', gross: '24.00' } },
};
const declined: QuoteEvent = { type: 'QuoteDeclined', data: { quoteId } };
const converted: QuoteEvent = { type: 'QuoteConverted', data: { quoteId, orderId: 'o-1' } };

const send = (at = now): QuoteCommand => ({ type: 'SendQuote', data: { quoteId, now: at } });
const accept = (at = now): QuoteCommand => ({ type: 'AcceptQuote', data: { quoteId, now: at } });
const decline = (at = now): QuoteCommand => ({ type: 'DeclineQuote', data: { quoteId, now: at } });
const convert = (at = now, orderId = 'o-1'): QuoteCommand => ({ type: 'ConvertQuote', data: { quoteId, now: at, orderId } });
const addLine = (line: RequestedLine, at = now): QuoteCommand => ({ type: 'AddQuoteLine', data: { quoteId, now: at, line } });
const changeLine = (change: { quantity?: number; unitPrice?: string; discount?: string }, lineId = 'l-1'): QuoteCommand => ({
  type: 'ChangeQuoteLine',
  data: { quoteId, now, lineId, ...change },
});
const removeLine = (lineId = 'l-1'): QuoteCommand => ({ type: 'RemoveQuoteLine', data: { quoteId, now, lineId } });

const stateOf = (events: QuoteEvent[]) => fold(quoteDecider, events) as ExistingQuote;

describe('quote decider', () => {
  it('names its stream quote-<id>', () => {
    expect(quoteStream('42')).toBe('quote-42');
  });

  describe('drafting', () => {
    it('snapshots price, tax rate and kind from the product, discount defaulting to 0', () => {
      spec.given([]).when(draftQuote()).then([drafted]);
    });

    it('takes a given unitPrice and discount, in canonical form', () => {
      spec
        .given([])
        .when(draftQuote({ lines: [requested('l-1', consulting, { quantity: 1.5, unitPrice: '90', discount: '0.1' })] }))
        .then([
          {
            type: 'QuoteDrafted',
            data: {
              ...drafted.data,
              lines: [{ lineId: 'l-1', sku: 'CONSULT', kind: 'service', quantity: 1.5, unitPrice: '90.00', discount: '0.10', taxRate: '0.20' }],
            },
          },
        ]);
    });

    it('may start without lines', () => {
      spec.given([]).when(draftQuote({ lines: [] })).then([{ type: 'QuoteDrafted', data: { ...drafted.data, lines: [] } }]);
    });

    it('is valid through the 30th day after today (UTC) unless told otherwise', () => {
      spec
        .given([])
        .when(draftQuote({ validUntil: null, now: '2026-03-10T23:30:00.000Z' }))
        .then([{ type: 'QuoteDrafted', data: { ...drafted.data, validUntil: '2026-04-09' } }]);
    });

    it('keeps a date-time validUntil as an instant in UTC', () => {
      spec
        .given([])
        .when(draftQuote({ validUntil: '2026-03-20T12:00:00+02:00' }))
        .then([{ type: 'QuoteDrafted', data: { ...drafted.data, validUntil: '2026-03-20T10:00:00.000Z' } }]);
    });

    it('refuses a validUntil that is malformed, not a calendar date, local time, or already passed', () => {
      for (const validUntil of ['31.03.2026', '2026-02-30', '2026-03-20T12:00:00', '2026-03-09', '2026-03-10T08:59:59Z']) {
        spec.given([]).when(draftQuote({ validUntil })).thenRefuses('VALIDATION_FAILED');
      }
    });

    it('refuses an unknown customer (404) and a blocked one', () => {
      spec
        .given([])
        .when(draftQuote({ customer: { ...customer, exists: false }, lines: [requested('l-1', null)] }))
        .thenRefuses('CUSTOMER_NOT_FOUND');
      spec.given([]).when(draftQuote({ customer: { ...customer, blocked: true } })).thenRefuses('CUSTOMER_BLOCKED');
    });

    it('refuses an unknown product (404)', () => {
      spec.given([]).when(draftQuote({ lines: [requested('l-1', null)] })).thenRefuses('PRODUCT_NOT_FOUND');
    });

    it('needs a unitPrice when the product is priced in another currency', () => {
      spec.given([]).when(draftQuote({ currency: 'USD' })).thenRefuses('PRICE_CURRENCY_MISMATCH', { sku: 'WIDGET', productCurrency: 'EUR', quoteCurrency: 'USD' });
      spec
        .given([])
        .when(draftQuote({ currency: 'USD', lines: [requested('l-1', widget, { unitPrice: '11.5' })] }))
        .then([{ type: 'QuoteDrafted', data: { ...drafted.data, currency: 'USD', lines: [{ ...line1, unitPrice: '11.50' }] } }]);
    });

    it('refuses a unitPrice with more decimals than the currency has', () => {
      spec
        .given([])
        .when(draftQuote({ currency: 'JPY', lines: [requested('l-1', widget, { unitPrice: '10.5' })] }))
        .thenRefuses('VALIDATION_FAILED');
    });

    it('refuses a line id named twice, and drafting the same quote twice', () => {
      spec.given([]).when(draftQuote({ lines: [requested('l-1', widget), requested('l-1', consulting)] })).thenRefuses('VALIDATION_FAILED');
      spec.given([drafted]).when(draftQuote()).thenRefuses('QUOTE_EXISTS');
    });

    it('refuses any other command on a quote that does not exist (404)', () => {
      spec.given([]).when(send()).thenRefuses('QUOTE_NOT_FOUND');
    });
  });

  describe('lines', () => {
    it('adds a line priced like a drafted one', () => {
      spec
        .given([drafted])
        .when(addLine(requested('l-2', consulting, { discount: '0.05' })))
        .then([
          {
            type: 'QuoteLineAdded',
            data: { quoteId, line: { lineId: 'l-2', sku: 'CONSULT', kind: 'service', quantity: 2, unitPrice: '100.00', discount: '0.05', taxRate: '0.20' } },
          },
        ]);
      spec.given([drafted]).when(addLine(requested('l-2', null))).thenRefuses('PRODUCT_NOT_FOUND');
      spec.given([drafted]).when(addLine(requested('l-1', widget))).thenRefuses('LINE_EXISTS', { lineId: 'l-1' });
    });

    it('changes quantity, price and discount; a change that changes nothing writes nothing', () => {
      spec
        .given([drafted])
        .when(changeLine({ quantity: 3, unitPrice: '9.5', discount: '0.1' }))
        .then([{ type: 'QuoteLineChanged', data: { quoteId, lineId: 'l-1', sku: 'WIDGET', quantity: 3, unitPrice: '9.50', discount: '0.10' } }]);
      spec.given([drafted]).when(changeLine({ quantity: 2, unitPrice: '10', discount: '0' })).then([]);
    });

    it('removes a line', () => {
      spec.given([drafted]).when(removeLine()).then([{ type: 'QuoteLineRemoved', data: { quoteId, lineId: 'l-1', sku: 'WIDGET' } }]);
    });

    it('answers 404 for a line the quote does not have', () => {
      spec.given([drafted]).when(changeLine({ quantity: 1 }, 'l-9')).thenRefuses('LINE_NOT_FOUND');
      spec.given([drafted]).when(removeLine('l-9')).thenRefuses('LINE_NOT_FOUND');
    });

    it('edits lines only in draft', () => {
      for (const history of [[drafted, sent], [drafted, sent, accepted], [drafted, sent, declined], [drafted, sent, accepted, converted]]) {
        const quoteStatus = stateOf(history).status;
        spec.given(history).when(addLine(requested('l-2', widget))).thenRefuses('QUOTE_NOT_EDITABLE', { quoteStatus });
        spec.given(history).when(changeLine({ quantity: 5 })).thenRefuses('QUOTE_NOT_EDITABLE', { quoteStatus });
        spec.given(history).when(removeLine()).thenRefuses('QUOTE_NOT_EDITABLE', { quoteStatus });
      }
    });
  });

  describe('transitions', () => {
    it('sends a draft with lines, once', () => {
      spec.given([drafted]).when(send()).then([sent]);
      spec.given([drafted, sent]).when(send()).thenRefuses('INVALID_TRANSITION', { from: 'sent', action: 'send' });
    });

    it('refuses to send a quote without lines', () => {
      const emptied: QuoteEvent = { type: 'QuoteLineRemoved', data: { quoteId, lineId: 'l-1', sku: 'WIDGET' } };
      spec.given([drafted, emptied]).when(send()).thenRefuses('QUOTE_HAS_NO_LINES');
    });

    it('accepts a sent quote, recording its totals', () => {
      spec.given([drafted, sent]).when(accept()).then([accepted]);
    });

    it('declines a sent quote', () => {
      spec.given([drafted, sent]).when(decline()).then([declined]);
    });

    it('accepts or declines only a sent quote', () => {
      for (const history of [[drafted], [drafted, sent, accepted], [drafted, sent, declined]]) {
        const from = stateOf(history).status;
        spec.given(history).when(accept()).thenRefuses('INVALID_TRANSITION', { from, action: 'accept' });
        spec.given(history).when(decline()).thenRefuses('INVALID_TRANSITION', { from, action: 'decline' });
      }
    });
  });

  describe('conversion', () => {
    it('converts an accepted quote, recording the order', () => {
      spec.given([drafted, sent, accepted]).when(convert()).then([converted]);
    });

    it('converts only an accepted quote', () => {
      spec.given([drafted]).when(convert()).thenRefuses('INVALID_TRANSITION', { from: 'draft', action: 'convert' });
      spec.given([drafted, sent]).when(convert()).thenRefuses('INVALID_TRANSITION', { from: 'sent', action: 'convert' });
      spec.given([drafted, sent, declined]).when(convert()).thenRefuses('INVALID_TRANSITION', { from: 'declined', action: 'convert' });
    });

    it('converts once: again into the same order writes nothing, even after validUntil; into another is refused', () => {
      spec.given([drafted, sent, accepted, converted]).when(convert()).then([]);
      spec.given([drafted, sent, accepted, converted]).when(convert(later)).then([]);
      spec.given([drafted, sent, accepted, converted]).when(convert(now, 'o-2')).thenRefuses('QUOTE_ALREADY_CONVERTED', { orderId: 'o-1' });
    });
  });

  describe('expiry', () => {
    it('reads an open quote as expired once validUntil has passed; a date is valid through its whole day (UTC)', () => {
      const quote = stateOf([drafted]);
      expect(quoteStatusAt(quote, '2026-03-31T23:59:59.999Z')).toBe('draft');
      expect(quoteStatusAt(quote, '2026-04-01T00:00:00.000Z')).toBe('expired');
      expect(quoteStatusAt(stateOf([drafted, sent]), later)).toBe('expired');
      expect(quoteStatusAt(stateOf([drafted, sent, accepted]), later)).toBe('expired');
    });

    it('is valid up to and including a date-time validUntil', () => {
      const quote = { ...stateOf([drafted]), validUntil: '2026-03-20T10:00:00.000Z' };
      expect(quoteStatusAt(quote, '2026-03-20T10:00:00.000Z')).toBe('draft');
      expect(quoteStatusAt(quote, '2026-03-20T10:00:00.001Z')).toBe('expired');
    });

    it('never expires a closed quote: declined, or accepted and converted', () => {
      expect(quoteStatusAt(stateOf([drafted, sent, declined]), later)).toBe('declined');
      expect(quoteStatusAt(stateOf([drafted, sent, accepted, converted]), later)).toBe('accepted');
    });

    it('refuses to accept or convert an expired quote', () => {
      spec.given([drafted, sent]).when(accept(later)).thenRefuses('QUOTE_EXPIRED', { validUntil: '2026-03-31' });
      spec.given([drafted, sent, accepted]).when(convert(later)).thenRefuses('QUOTE_EXPIRED');
    });

    it('refuses every other command on an expired quote too: it is dead', () => {
      spec.given([drafted]).when(send(later)).thenRefuses('QUOTE_EXPIRED');
      spec.given([drafted]).when(addLine(requested('l-2', widget), later)).thenRefuses('QUOTE_EXPIRED');
      spec.given([drafted, sent]).when(decline(later)).thenRefuses('QUOTE_EXPIRED');
    });
  });

  it('folds history into lines, status and the order link, and never carries stock or ledger data', () => {
    const history: QuoteEvent[] = [
      drafted,
      { type: 'QuoteLineAdded', data: { quoteId, line: { ...line1, lineId: 'l-2', quantity: 1 } } },
      { type: 'QuoteLineChanged', data: { quoteId, lineId: 'l-1', sku: 'WIDGET', quantity: 4, unitPrice: '9.00', discount: '0.50' } },
      sent,
      accepted,
      converted,
    ];
    expect(stateOf(history)).toEqual({
      status: 'accepted',
      quoteId,
      customerId: 'c-1',
      currency: 'EUR',
      validUntil: '2026-03-31',
      lines: [
        { ...line1, quantity: 4, unitPrice: '9.00', discount: '0.50' },
        { ...line1, lineId: 'l-2', quantity: 1 },
      ],
      billingAddress: null,
      shippingAddress: null,
      orderId: 'o-1',
    });
    expect(JSON.stringify(history)).not.toMatch(/reserv|account|cost|journal/i);
  });

  it('keeps the addresses it was drafted with, and reads a quote drafted before addresses were kept as having none', () => {
    const address = { line1: 'Rynek 1', city: 'Łódź', country: 'PL' };
    expect(stateOf([{ type: 'QuoteDrafted', data: { ...drafted.data, billingAddress: address, shippingAddress: address } }])).toMatchObject({ billingAddress: address, shippingAddress: address });
    const { billingAddress: _b, shippingAddress: _s, ...older } = (drafted as Extract<QuoteEvent, { type: 'QuoteDrafted' }>).data;
    expect(stateOf([{ type: 'QuoteDrafted', data: older }])).toMatchObject({ billingAddress: null, shippingAddress: null });
  });
});
