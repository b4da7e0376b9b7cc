import { fold } from '../shared/decider';
import { deciderSpec } from '../shared/decider-spec';
import { InvalidInputError } from '../shared/domain-error';
import { Amounts } from '../shared/line-amounts';
import { CustomerAccountCommand, CustomerFactsForAccount, InvoiceFacts } from './commands';
import { customerAccountDecider, invoiceOutstanding, invoiceSettlement, unappliedCredit } from './customer-account';
import { CustomerAccountEvent } from './events';

/**
 * given(events).when(command).then(events | refusal) for domain.md "Payments" and ADR 0007: allocations,
 * unapplied credit, credit notes, and the base-currency amounts each event carries for the ledger.
 * Base currency EUR; USD invoices at 0.9137.
 */
const spec = deciderSpec(customerAccountDecider);
const customerId = 'c-1';
const customer: CustomerFactsForAccount = { customerId, exists: true, currency: 'EUR' };

const invoiceFacts = (invoiceId: string, extra: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  invoiceId,
  exists: true,
  customerId,
  orderId: `o-${invoiceId}`,
  number: `INV-2026-${invoiceId}`,
  currency: 'EUR',
  exchangeRate: '1',
  baseCurrency: 'EUR',
  gross: '120.00',
  baseGross: '120.00',
  dueDate: '2026-12-23',
  ...extra,
});
/** EUR 100.00 net + 20.00 tax. */
const eur = invoiceFacts('E1');
/** USD 100.00 net + 10.00 tax at 0.9137: 91.37 + 9.14 = 100.51 EUR. */
const usd = invoiceFacts('U1', { currency: 'USD', exchangeRate: '0.9137', gross: '110.00', baseGross: '100.51' });
/** USD 50.00 net + 5.00 tax at 0.9137: 45.69 + 4.57 = 50.26 EUR. */
const usd2 = invoiceFacts('U2', { currency: 'USD', exchangeRate: '0.9137', gross: '55.00', baseGross: '50.26' });
const known = new Map([eur, usd, usd2].map((i) => [i.invoiceId, i]));

type PaymentCommand = Extract<CustomerAccountCommand, { type: 'ReceivePayment' }>['data'];
type PaymentData = Extract<CustomerAccountEvent, { type: 'PaymentReceived' }>['data'];
type ApplicationData = Extract<CustomerAccountEvent, { type: 'CreditApplied' }>['data'];
type CreditNoteData = Extract<CustomerAccountEvent, { type: 'CreditNotePosted' }>['data'];
type ApplyCommand = Extract<CustomerAccountCommand, { type: 'ApplyCredit' }>['data'];
type NoteCommand = Extract<CustomerAccountCommand, { type: 'PostCreditNote' }>['data'];

const pay = (extra: Partial<PaymentCommand> = {}): CustomerAccountCommand => ({
  type: 'ReceivePayment',
  data: {
    paymentId: 'P-new',
    customer,
    amount: '120.00',
    currency: 'EUR',
    receivedOn: '2026-12-01',
    exchangeRate: null,
    baseCurrency: 'EUR',
    allocations: [{ invoiceId: 'E1', amount: '120.00' }],
    invoices: known,
    ...extra,
  },
});
const payUsd = (amount: string, rate: string | null, allocations: PaymentCommand['allocations'], extra: Partial<PaymentCommand> = {}) =>
  pay({ amount, currency: 'USD', exchangeRate: rate, allocations, ...extra });

const received = (extra: Partial<PaymentData> = {}): CustomerAccountEvent => ({
  type: 'PaymentReceived',
  data: {
    paymentId: 'P-new',
    customerId,
    amount: '120.00',
    currency: 'EUR',
    receivedOn: '2026-12-01',
    exchangeRate: '1',
    baseCurrency: 'EUR',
    baseAmount: '120.00',
    allocations: [{ invoiceId: 'E1', amount: '120.00', baseAmount: '120.00' }],
    unallocated: '0.00',
    unallocatedBase: '0.00',
    exchangeDifference: '0.00',
    ...extra,
  },
});
/** A USD payment at the invoices' own rate, as the decider writes it (used to build histories). */
const receivedUsd = (paymentId: string, amount: string, baseAmount: string, allocations: PaymentData['allocations'], extra: Partial<PaymentData> = {}) =>
  received({ paymentId, amount, currency: 'USD', exchangeRate: '0.9137', baseAmount, allocations, ...extra });

const apply = (amount: string, invoice: InvoiceFacts = usd2, extra: Partial<ApplyCommand> = {}): CustomerAccountCommand => ({
  type: 'ApplyCredit',
  data: { applicationId: 'A-new', customer, invoice, amount, appliedOn: '2026-12-05', ...extra },
});
const applied = (extra: Partial<ApplicationData>): CustomerAccountEvent => ({
  type: 'CreditApplied',
  data: {
    applicationId: 'A-new',
    customerId,
    invoiceId: 'U2',
    amount: '0.00',
    currency: 'USD',
    appliedOn: '2026-12-05',
    baseCurrency: 'EUR',
    creditBase: '0.00',
    baseAmount: '0.00',
    exchangeDifference: '0.00',
    ...extra,
  },
});

const amounts = (net: string, tax: string, gross: string): Amounts => ({ net, tax, gross });
const postNote = (invoice: InvoiceFacts, totals: Amounts, baseTotals = totals, extra: Partial<NoteCommand> = {}): CustomerAccountCommand => ({
  type: 'PostCreditNote',
  data: { creditNoteId: 'CN-new', customerId, invoice, creditDate: '2026-12-10', totals, baseTotals, ...extra },
});
const notePosted = (invoice: InvoiceFacts, totals: Amounts, baseTotals: Amounts, extra: Partial<CreditNoteData>): CustomerAccountEvent => ({
  type: 'CreditNotePosted',
  data: {
    creditNoteId: 'CN-new',
    customerId,
    invoiceId: invoice.invoiceId,
    orderId: invoice.orderId,
    currency: invoice.currency,
    creditDate: '2026-12-10',
    exchangeRate: invoice.exchangeRate,
    baseCurrency: 'EUR',
    totals,
    baseTotals,
    applied: '0.00',
    appliedBase: '0.00',
    toCredit: '0.00',
    toCreditBase: '0.00',
    exchangeDifference: '0.00',
    ...extra,
  },
});

const stateAfter = (history: CustomerAccountEvent[]) => fold(customerAccountDecider, history);

/** The field an InvalidInputError names (a 400 with the field), or fails. */
function invalidField(history: CustomerAccountEvent[], command: CustomerAccountCommand): string {
  try {
    customerAccountDecider.decide(command, stateAfter(history));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).field;
  }
  throw new Error('expected a validation error');
}

// Histories used below.
/** 150.00 USD at 0.95: 110.00 clears U1, 40.00 USD (38.00 EUR) is unapplied credit. */
const usdAdvance = received({
  paymentId: 'P-adv',
  amount: '150.00',
  currency: 'USD',
  exchangeRate: '0.95',
  baseAmount: '142.50',
  allocations: [{ invoiceId: 'U1', amount: '110.00', baseAmount: '100.51' }],
  unallocated: '40.00',
  unallocatedBase: '38.00',
  exchangeDifference: '3.99',
});
/** Two partial payments of 33.33 USD on U1 at its rate: 30.45 EUR each; 43.34 USD / 39.61 EUR left. */
const twoPartials = [
  receivedUsd('P-1', '33.33', '30.45', [{ invoiceId: 'U1', amount: '33.33', baseAmount: '30.45' }]),
  receivedUsd('P-2', '33.33', '30.45', [{ invoiceId: 'U1', amount: '33.33', baseAmount: '30.45' }]),
];
const eurPaidInFull = received({ paymentId: 'P-full' });

describe('customer account: receiving a payment', () => {
  it('allocates a base-currency payment at rate 1 with no exchange difference', () => {
    spec.given([]).when(pay()).then([received()]);
    spec.given([]).when(pay({ exchangeRate: '1.0', amount: '120', allocations: [{ invoiceId: 'E1', amount: '120' }] })).then([received()]);
  });

  it('keeps what is not allocated as unapplied credit, at the payment rate', () => {
    spec
      .given([])
      .when(pay({ amount: '200.00', allocations: [{ invoiceId: 'E1', amount: '50.00' }] }))
      .then([
        received({
          amount: '200.00',
          baseAmount: '200.00',
          allocations: [{ invoiceId: 'E1', amount: '50.00', baseAmount: '50.00' }],
          unallocated: '150.00',
          unallocatedBase: '150.00',
        }),
      ]);
    spec
      .given([])
      .when(payUsd('100.01', '0.9137', []))
      .then([received({ amount: '100.01', currency: 'USD', exchangeRate: '0.9137', baseAmount: '91.38', allocations: [], unallocated: '100.01', unallocatedBase: '91.38' })]);
    const eurAdvance = received({ paymentId: 'P-e', amount: '10.00', baseAmount: '10.00', allocations: [], unallocated: '10.00', unallocatedBase: '10.00' });
    const state = stateAfter([usdAdvance, eurAdvance]);
    expect(unappliedCredit(state)).toEqual([
      { currency: 'EUR', amount: '10.00', base: '10.00' },
      { currency: 'USD', amount: '40.00', base: '38.00' },
    ]);
  });

  it('posts a gain when the payment rate is above the invoice rate, a loss when below', () => {
    // 110.00 USD at 0.95 = 104.50 EUR of cash for 100.51 EUR of receivable.
    spec
      .given([])
      .when(payUsd('110.00', '0.95', [{ invoiceId: 'U1', amount: '110.00' }]))
      .then([
        received({
          amount: '110.00',
          currency: 'USD',
          exchangeRate: '0.95',
          baseAmount: '104.50',
          allocations: [{ invoiceId: 'U1', amount: '110.00', baseAmount: '100.51' }],
          exchangeDifference: '3.99',
        }),
      ]);
    // At 0.90: 99.00 EUR of cash, 1.51 lost.
    spec
      .given([])
      .when(payUsd('110.00', '0.90', [{ invoiceId: 'U1', amount: '110.00' }]))
      .then([
        received({
          amount: '110.00',
          currency: 'USD',
          exchangeRate: '0.9',
          baseAmount: '99.00',
          allocations: [{ invoiceId: 'U1', amount: '110.00', baseAmount: '100.51' }],
          exchangeDifference: '-1.51',
        }),
      ]);
  });

  it('splits a payment into allocations, unapplied credit at the payment rate and the exchange difference', () => {
    spec
      .given([])
      .when(payUsd('150.00', '0.95', [{ invoiceId: 'U1', amount: '110.00' }], { paymentId: 'P-adv' }))
      .then([usdAdvance]);
    // 200.00 USD at 0.9: U1 110.00 (100.51), U2 20.00 (18.27), 70.00 unapplied (63.00): 180.00 − 63.00 − 118.78 = −1.78.
    spec
      .given([])
      .when(payUsd('200.00', '0.9', [{ invoiceId: 'U1', amount: '110.00' }, { invoiceId: 'U2', amount: '20.00' }]))
      .then([
        received({
          amount: '200.00',
          currency: 'USD',
          exchangeRate: '0.9',
          baseAmount: '180.00',
          allocations: [
            { invoiceId: 'U1', amount: '110.00', baseAmount: '100.51' },
            { invoiceId: 'U2', amount: '20.00', baseAmount: '18.27' },
          ],
          unallocated: '70.00',
          unallocatedBase: '63.00',
          exchangeDifference: '-1.78',
        }),
      ]);
  });

  it('takes a partial allocation at the invoice rate and the final one at exactly the base left', () => {
    spec
      .given([])
      .when(payUsd('33.33', '0.9137', [{ invoiceId: 'U1', amount: '33.33' }], { paymentId: 'P-1' }))
      .then([twoPartials[0]]);
    spec
      .given([twoPartials[0]])
      .when(payUsd('33.33', '0.9137', [{ invoiceId: 'U1', amount: '33.33' }], { paymentId: 'P-2' }))
      .then([twoPartials[1]]);
    // 43.34 USD at 0.9137 is 39.60 EUR of cash, but 100.51 − 2 × 30.45 = 39.61 is what U1 has left on 1100.
    const final = receivedUsd('P-3', '43.34', '39.60', [{ invoiceId: 'U1', amount: '43.34', baseAmount: '39.61' }], { exchangeDifference: '-0.01' });
    spec
      .given(twoPartials)
      .when(payUsd('43.34', '0.9137', [{ invoiceId: 'U1', amount: '43.34' }], { paymentId: 'P-3' }))
      .then([final]);
    const state = stateAfter([...twoPartials, final]);
    expect(invoiceSettlement(state, 'U1')).toEqual({ paid: '110.00', credited: '0.00', settledBase: '100.51' });
    expect(invoiceOutstanding(state, usd)).toEqual({ outstanding: '0.00', baseOutstanding: '0.00' });
  });

  it('never takes more base than the invoice has left, even before it is cleared', () => {
    // A history whose rounding left U1 1.00 USD but only 0.01 EUR.
    const odd = receivedUsd('P-odd', '109.00', '100.50', [{ invoiceId: 'U1', amount: '109.00', baseAmount: '100.50' }]);
    spec
      .given([odd])
      .when(payUsd('0.50', '0.9137', [{ invoiceId: 'U1', amount: '0.50' }]))
      .then([receivedUsd('P-new', '0.50', '0.46', [{ invoiceId: 'U1', amount: '0.50', baseAmount: '0.01' }], { exchangeDifference: '0.45' })]);
  });

  it('refuses an unknown customer and a payment id already recorded', () => {
    spec.given([]).when(pay({ customer: { ...customer, exists: false } })).thenRefuses('CUSTOMER_NOT_FOUND');
    spec.given([received()]).when(pay({ allocations: [] })).thenRefuses('PAYMENT_EXISTS');
  });

  it('refuses an amount that is not money in the payment currency, or zero', () => {
    for (const amount of ['0', '0.00', '-5.00', '1.005', 'abc', '1e3']) expect(invalidField([], pay({ amount, allocations: [] }))).toBe('amount');
    expect(invalidField([], pay({ amount: '12.5', currency: 'JPY', exchangeRate: '0.0061', allocations: [] }))).toBe('amount');
  });

  it('requires a foreign-currency payment to carry a valid rate, and a base-currency one to have rate 1', () => {
    spec.given([]).when(payUsd('10.00', null, [])).thenRefuses('EXCHANGE_RATE_REQUIRED', { currency: 'USD', baseCurrency: 'EUR' });
    for (const rate of ['0', '-0.9', 'abc', '0.12345678901']) expect(invalidField([], payUsd('10.00', rate, []))).toBe('exchangeRate');
    for (const rate of ['1.1', '0', 'x']) expect(invalidField([], pay({ exchangeRate: rate }))).toBe('exchangeRate');
  });

  it('refuses an allocation amount that is not money above zero, and an invoice named twice', () => {
    const twoLines = (second: string) => pay({ amount: '200.00', allocations: [{ invoiceId: 'E1', amount: '10.00' }, { invoiceId: 'U1', amount: second }] });
    expect(invalidField([], twoLines('0.00'))).toBe('allocations[1].amount');
    expect(invalidField([], twoLines('1.234'))).toBe('allocations[1].amount');
    expect(invalidField([], pay({ allocations: [{ invoiceId: 'E1', amount: '10.00' }, { invoiceId: 'E1', amount: '10.00' }] }))).toBe('allocations[1].invoiceId');
  });

  it('refuses an unknown invoice, another customer’s invoice and an invoice in another currency', () => {
    spec.given([]).when(pay({ allocations: [{ invoiceId: 'NOPE', amount: '1.00' }] })).thenRefuses('INVOICE_NOT_FOUND');
    spec
      .given([])
      .when(pay({ invoices: new Map([['E1', { ...eur, exists: false }]]) }))
      .thenRefuses('INVOICE_NOT_FOUND');
    spec
      .given([])
      .when(pay({ invoices: new Map([['E1', { ...eur, customerId: 'c-2' }]]) }))
      .thenRefuses('INVOICE_OF_OTHER_CUSTOMER', { invoiceId: 'E1', customerId: 'c-2' });
    spec
      .given([])
      .when(pay({ allocations: [{ invoiceId: 'U1', amount: '10.00' }] }))
      .thenRefuses('CURRENCY_MISMATCH', { invoiceId: 'U1', invoiceCurrency: 'USD', paymentCurrency: 'EUR' });
  });

  it('refuses to allocate more than the invoice still owes, as this stream has it', () => {
    spec
      .given([])
      .when(pay({ amount: '200.00', allocations: [{ invoiceId: 'E1', amount: '120.01' }] }))
      .thenRefuses('OVER_ALLOCATION', { invoiceId: 'E1', outstanding: '120.00', requested: '120.01' });
    // The payment that lost the race reloads and finds the euro gone.
    spec.given([eurPaidInFull]).when(pay({ amount: '0.01', allocations: [{ invoiceId: 'E1', amount: '0.01' }] })).thenRefuses('OVER_ALLOCATION', { outstanding: '0.00' });
    // A credit note took 60.00 of it.
    const note = notePosted(eur, amounts('50.00', '10.00', '60.00'), amounts('50.00', '10.00', '60.00'), { applied: '60.00', appliedBase: '60.00' });
    spec.given([note]).when(pay()).thenRefuses('OVER_ALLOCATION', { invoiceId: 'E1', outstanding: '60.00', requested: '120.00' });
  });

  it('refuses allocations above the payment', () => {
    spec
      .given([])
      .when(payUsd('100.00', '0.9', [{ invoiceId: 'U1', amount: '100.00' }, { invoiceId: 'U2', amount: '50.00' }]))
      .thenRefuses('ALLOCATIONS_EXCEED_PAYMENT', { amount: '100.00', allocated: '150.00' });
  });
});

describe('customer account: applying unapplied credit', () => {
  it('takes a proportional share of the credit’s carrying value', () => {
    // 38.00 × 13.33 / 40.00 = 12.6635 → 12.66 off 2200; 13.33 × 0.9137 = 12.18 off 1100.
    spec
      .given([usdAdvance])
      .when(apply('13.33'))
      .then([applied({ amount: '13.33', creditBase: '12.66', baseAmount: '12.18', exchangeDifference: '0.48' })]);
  });

  it('takes all of the carrying value when the credit is used up', () => {
    const first = applied({ applicationId: 'A-1', amount: '13.33', creditBase: '12.66', baseAmount: '12.18', exchangeDifference: '0.48' });
    spec
      .given([usdAdvance, first])
      .when(apply('26.67'))
      .then([applied({ amount: '26.67', creditBase: '25.34', baseAmount: '24.37', exchangeDifference: '0.97' })]);
    spec
      .given([usdAdvance])
      .when(apply('40.00'))
      .then([applied({ amount: '40.00', creditBase: '38.00', baseAmount: '36.55', exchangeDifference: '1.45' })]);
    const state = stateAfter([usdAdvance, first, applied({ applicationId: 'A-2', amount: '26.67', creditBase: '25.34', baseAmount: '24.37', exchangeDifference: '0.97' })]);
    expect(unappliedCredit(state)).toEqual([]);
    expect(invoiceSettlement(state, 'U2')).toEqual({ paid: '40.00', credited: '0.00', settledBase: '36.55' });
  });

  it('takes exactly the base the invoice has left when it clears it', () => {
    const partial = receivedUsd('P-1', '33.33', '30.45', [{ invoiceId: 'U2', amount: '33.33', baseAmount: '30.45' }]);
    // U2 has 21.67 USD / 19.81 EUR left; 38.00 × 21.67 / 40.00 = 20.5865 → 20.59 of credit.
    spec
      .given([usdAdvance, partial])
      .when(apply('21.67'))
      .then([applied({ amount: '21.67', creditBase: '20.59', baseAmount: '19.81', exchangeDifference: '0.78' })]);
  });

  it('applies base-currency credit one to one', () => {
    const advance = received({ paymentId: 'P-e', amount: '50.00', baseAmount: '50.00', allocations: [], unallocated: '50.00', unallocatedBase: '50.00' });
    spec
      .given([advance])
      .when(apply('50.00', eur))
      .then([applied({ invoiceId: 'E1', currency: 'EUR', amount: '50.00', creditBase: '50.00', baseAmount: '50.00' })]);
  });

  it('refuses an application id already used, an unknown customer or invoice, another customer’s invoice', () => {
    const done = applied({ amount: '1.00', creditBase: '0.95', baseAmount: '0.91', exchangeDifference: '0.04' });
    spec.given([usdAdvance, done]).when(apply('1.00')).thenRefuses('CREDIT_APPLICATION_EXISTS');
    spec.given([usdAdvance]).when(apply('1.00', usd2, { customer: { ...customer, exists: false } })).thenRefuses('CUSTOMER_NOT_FOUND');
    spec.given([usdAdvance]).when(apply('1.00', { ...usd2, exists: false })).thenRefuses('INVOICE_NOT_FOUND');
    spec.given([usdAdvance]).when(apply('1.00', { ...usd2, customerId: 'c-2' })).thenRefuses('INVOICE_OF_OTHER_CUSTOMER', { invoiceId: 'U2', customerId: 'c-2' });
  });

  it('refuses an amount that is not money above zero in the invoice currency', () => {
    for (const amount of ['0', '0.00', '1.001', '-1']) expect(invalidField([usdAdvance], apply(amount))).toBe('amount');
  });

  it('refuses more than the credit available in the invoice currency', () => {
    spec.given([usdAdvance]).when(apply('40.01')).thenRefuses('INSUFFICIENT_CREDIT', { currency: 'USD', available: '40.00', requested: '40.01' });
    spec.given([]).when(apply('1.00')).thenRefuses('INSUFFICIENT_CREDIT', { currency: 'USD', available: '0.00', requested: '1.00' });
    // USD credit does not pay a EUR invoice.
    spec.given([usdAdvance]).when(apply('1.00', eur)).thenRefuses('INSUFFICIENT_CREDIT', { currency: 'EUR', available: '0.00' });
    // Used up: the empty pool is no credit.
    spec
      .given([usdAdvance, applied({ applicationId: 'A-all', amount: '40.00', creditBase: '38.00', baseAmount: '36.55', exchangeDifference: '1.45' })])
      .when(apply('0.01'))
      .thenRefuses('INSUFFICIENT_CREDIT', { available: '0.00' });
  });

  it('refuses more than the invoice still owes', () => {
    const big = received({
      paymentId: 'P-big',
      amount: '500.00',
      currency: 'USD',
      exchangeRate: '0.9',
      baseAmount: '450.00',
      allocations: [],
      unallocated: '500.00',
      unallocatedBase: '450.00',
    });
    spec.given([big]).when(apply('55.01')).thenRefuses('OVER_ALLOCATION', { invoiceId: 'U2', outstanding: '55.00', requested: '55.01' });
  });
});

describe('customer account: posting a credit note', () => {
  it('settles an open invoice with the note', () => {
    const totals = amounts('50.00', '10.00', '60.00');
    spec
      .given([])
      .when(postNote(eur, totals))
      .then([notePosted(eur, totals, totals, { applied: '60.00', appliedBase: '60.00' })]);
    // A USD note at the invoice's rate: 18.27 + 1.83 = 20.10 EUR, all of it off 1100.
    const usdTotals = amounts('20.00', '2.00', '22.00');
    const usdBase = amounts('18.27', '1.83', '20.10');
    spec
      .given([])
      .when(postNote(usd, usdTotals, usdBase))
      .then([notePosted(usd, usdTotals, usdBase, { applied: '22.00', appliedBase: '20.10' })]);
    // The whole invoice: exactly its base.
    const whole = amounts('100.00', '10.00', '110.00');
    const wholeBase = amounts('91.37', '9.14', '100.51');
    spec
      .given([])
      .when(postNote(usd, whole, wholeBase))
      .then([notePosted(usd, whole, wholeBase, { applied: '110.00', appliedBase: '100.51' })]);
  });

  it('turns a note on a fully paid invoice into unapplied credit', () => {
    const totals = amounts('50.00', '10.00', '60.00');
    const posted = notePosted(eur, totals, totals, { toCredit: '60.00', toCreditBase: '60.00' });
    spec.given([eurPaidInFull]).when(postNote(eur, totals)).then([posted]);
    const state = stateAfter([eurPaidInFull, posted]);
    expect(unappliedCredit(state)).toEqual([{ currency: 'EUR', amount: '60.00', base: '60.00' }]);
    expect(invoiceSettlement(state, 'E1')).toEqual({ paid: '120.00', credited: '0.00', settledBase: '120.00' });
    // ... which the customer can use on another invoice.
    const other = invoiceFacts('E2');
    spec
      .given([eurPaidInFull, posted])
      .when(apply('60.00', other))
      .then([applied({ invoiceId: 'E2', currency: 'EUR', amount: '60.00', creditBase: '60.00', baseAmount: '60.00' })]);
    // In USD the credit keeps the note's carrying value at the invoice's rate.
    const usdTotals = amounts('20.00', '2.00', '22.00');
    const usdBase = amounts('18.27', '1.83', '20.10');
    spec
      .given([usdAdvance])
      .when(postNote(usd, usdTotals, usdBase))
      .then([notePosted(usd, usdTotals, usdBase, { toCredit: '22.00', toCreditBase: '20.10' })]);
  });

  it('settles what is still owed and credits the rest', () => {
    const part = received({ paymentId: 'P-part', amount: '100.00', baseAmount: '100.00', allocations: [{ invoiceId: 'E1', amount: '100.00', baseAmount: '100.00' }] });
    const totals = amounts('50.00', '10.00', '60.00');
    spec
      .given([part])
      .when(postNote(eur, totals))
      .then([notePosted(eur, totals, totals, { applied: '20.00', appliedBase: '20.00', toCredit: '40.00', toCreditBase: '40.00' })]);
    // USD: 43.34 / 39.61 left on U1; the whole invoice credited: 66.66 USD of credit carried at 100.51 − 39.61.
    const whole = amounts('100.00', '10.00', '110.00');
    const wholeBase = amounts('91.37', '9.14', '100.51');
    spec
      .given(twoPartials)
      .when(postNote(usd, whole, wholeBase))
      .then([notePosted(usd, whole, wholeBase, { applied: '43.34', appliedBase: '39.61', toCredit: '66.66', toCreditBase: '60.90' })]);
  });

  it('clears the invoice exactly, posting the rounding cents as an exchange difference', () => {
    // 43.34 USD / 39.61 EUR left; a note of exactly 43.34 USD is 36.00 + 3.60 = 39.60 EUR at the same rate.
    const totals = amounts('39.40', '3.94', '43.34');
    const base = amounts('36.00', '3.60', '39.60');
    const posted = notePosted(usd, totals, base, { applied: '43.34', appliedBase: '39.61', exchangeDifference: '-0.01' });
    spec.given(twoPartials).when(postNote(usd, totals, base)).then([posted]);
    const state = stateAfter([...twoPartials, posted]);
    expect(invoiceSettlement(state, 'U1')).toEqual({ paid: '66.66', credited: '43.34', settledBase: '100.51' });
    expect(unappliedCredit(state)).toEqual([]);
  });

  it('never gives the credit it creates a negative carrying value', () => {
    // A history whose rounding left U1 100.00 USD but all 100.51 EUR: clearing it takes more base than the
    // note has (87.21 + 8.73 = 95.94), so its 5.00 USD of credit carries 0.00 and 4.57 is a loss.
    const odd = receivedUsd('P-odd', '10.00', '0.00', [{ invoiceId: 'U1', amount: '10.00', baseAmount: '0.00' }], { exchangeDifference: '0.00' });
    const totals = amounts('95.45', '9.55', '105.00');
    const base = amounts('87.21', '8.73', '95.94');
    spec
      .given([odd])
      .when(postNote(usd, totals, base))
      .then([notePosted(usd, totals, base, { applied: '100.00', appliedBase: '100.51', toCredit: '5.00', toCreditBase: '0.00', exchangeDifference: '-4.57' })]);
  });

  it('writes nothing for a note already posted (the flow re-runs it after a crash)', () => {
    const totals = amounts('50.00', '10.00', '60.00');
    const posted = notePosted(eur, totals, totals, { applied: '60.00', appliedBase: '60.00' });
    spec.given([posted]).when(postNote(eur, totals)).then([]);
    spec.given([posted, eurPaidInFull]).when(postNote({ ...eur, exists: false }, totals)).then([]);
  });

  it('refuses an unknown invoice and another customer’s invoice', () => {
    const totals = amounts('50.00', '10.00', '60.00');
    spec.given([]).when(postNote({ ...eur, exists: false }, totals)).thenRefuses('INVOICE_NOT_FOUND');
    spec.given([]).when(postNote({ ...eur, customerId: 'c-2' }, totals)).thenRefuses('INVOICE_OF_OTHER_CUSTOMER', { invoiceId: 'E1', customerId: 'c-2' });
  });
});

describe('customer account: what the application layer reads', () => {
  it('reports zeros for an invoice nothing settled, in its currencies when given', () => {
    expect(invoiceSettlement(stateAfter([]), 'E1')).toEqual({ paid: '0.00', credited: '0.00', settledBase: '0.00' });
    expect(invoiceSettlement(stateAfter([]), 'J1', { currency: 'JPY', baseCurrency: 'EUR' })).toEqual({ paid: '0', credited: '0', settledBase: '0.00' });
    expect(invoiceOutstanding(stateAfter([]), usd)).toEqual({ outstanding: '110.00', baseOutstanding: '100.51' });
  });

  it('sums every settlement of an invoice', () => {
    const note = notePosted(eur, amounts('10.00', '2.00', '12.00'), amounts('10.00', '2.00', '12.00'), { applied: '12.00', appliedBase: '12.00' });
    const part = received({ paymentId: 'P-part', amount: '100.00', baseAmount: '100.00', allocations: [{ invoiceId: 'E1', amount: '100.00', baseAmount: '100.00' }] });
    const state = stateAfter([note, part]);
    expect(invoiceSettlement(state, 'E1')).toEqual({ paid: '100.00', credited: '12.00', settledBase: '112.00' });
    expect(invoiceOutstanding(state, eur)).toEqual({ outstanding: '8.00', baseOutstanding: '8.00' });
  });

  it('does not share state between folds', () => {
    const first = stateAfter([eurPaidInFull]);
    const second = stateAfter([]);
    expect(invoiceSettlement(first, 'E1').paid).toBe('120.00');
    expect(invoiceSettlement(second, 'E1').paid).toBe('0.00');
    expect(customerAccountDecider.initialState.invoices.size).toBe(0);
  });
});
