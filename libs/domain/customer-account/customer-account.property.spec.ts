import fc from 'fast-check';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { baseAmounts } from '../shared/exchange';
import { Amounts } from '../shared/line-amounts';
import { DecimalMath, Money, minorDigits, roundMoney } from '../shared/money';
import { CustomerAccountCommand, CustomerFactsForAccount, InvoiceFacts } from './commands';
import { CustomerAccountState, customerAccountDecider, invoiceOutstanding, invoiceSettlement, unappliedCredit } from './customer-account';
import { CustomerAccountEvent } from './events';

/**
 * ADR 0007's guarantees over random histories of payments, credit applications and credit notes against
 * a few invoices (EUR in the base currency, USD at 0.9137, JPY at 0.0061), driven through the decider
 * (refused commands are simply refused):
 * - no invoice's outstanding goes below zero; its settled base never exceeds its base gross and equals it
 *   exactly once nothing is outstanding (a settled invoice leaves 0.00 on 1100);
 * - every event's base amounts balance, so its journal entry does;
 * - unapplied credit is never negative, and a currency without credit carries no base;
 * - posting the events per the journal rules (events.ts) leaves 1100 = Σ open receivables in base and
 *   2200 = Σ unapplied credit's carrying value, to the cent.
 */
const BASE = 'EUR';
const customerId = 'c-prop';
const customer: CustomerFactsForAccount = { customerId, exists: true, currency: 'EUR' };

interface TestInvoice {
  facts: InvoiceFacts;
  totals: Amounts;
  baseTotals: Amounts;
}
function invoice(invoiceId: string, currency: string, rate: string, net: Money, tax: Money): TestInvoice {
  const totals = { net, tax, gross: roundMoney(new DecimalMath(net).plus(tax), currency) };
  const baseTotals = baseAmounts(totals, rate, BASE);
  return {
    facts: {
      invoiceId,
      exists: true,
      customerId,
      orderId: `o-${invoiceId}`,
      number: null,
      currency,
      exchangeRate: rate,
      baseCurrency: BASE,
      gross: totals.gross,
      baseGross: baseTotals.gross,
      dueDate: '2026-12-31',
    },
    totals,
    baseTotals,
  };
}
const INVOICES = [
  invoice('E1', 'EUR', '1', '100.00', '20.00'),
  invoice('E2', 'EUR', '1', '33.33', '6.67'),
  invoice('U1', 'USD', '0.9137', '100.00', '10.00'),
  invoice('U2', 'USD', '0.9137', '45.67', '9.13'),
  invoice('U3', 'USD', '0.9137', '0.07', '0.01'),
  invoice('J1', 'JPY', '0.0061', '10288', '2057'),
];
const CURRENCIES = ['EUR', 'USD', 'JPY'];
const FACTS = new Map(INVOICES.map((i) => [i.facts.invoiceId, i.facts]));

/** How much of what is available a step takes: all of it, a share in percent, or one minor unit more. */
const share = fc.oneof(
  { weight: 3, arbitrary: fc.constant('all' as const) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 99 }) },
  { weight: 1, arbitrary: fc.constant('over' as const) },
);
type Share = 'all' | 'over' | number;

const step = fc.oneof(
  fc.record({
    kind: fc.constant('pay' as const),
    currency: fc.nat(2),
    rate: fc.integer({ min: 7000, max: 12000 }),
    allocations: fc.array(fc.record({ invoice: fc.nat(INVOICES.length - 1), share }), { maxLength: 3 }),
    extra: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })),
  }),
  fc.record({ kind: fc.constant('apply' as const), invoice: fc.nat(INVOICES.length - 1), share }),
  fc.record({
    kind: fc.constant('note' as const),
    invoice: fc.nat(INVOICES.length - 1),
    // A share of the invoice, or exactly what it still owes (the note that clears it after partial payments).
    percent: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant('outstanding' as const)),
    id: fc.nat(7),
  }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const dec = (value: Money | number) => new DecimalMath(value);
/** A plain assertion: thousands of checks per run, too many for expect's bookkeeping. */
function ok(condition: boolean, what: string): void {
  if (!condition) throw new Error(`invariant broken: ${what}`);
}
const minorUnit = (currency: string) => dec('1').dividedBy(10 ** minorDigits(currency)).toString();
const sumOf = (currency: string, amounts: Money[]) => roundMoney(amounts.reduce((s, a) => s.plus(a), dec('0')), currency);

function take(available: Money, how: Share, currency: string): Money {
  if (how === 'all') return available;
  if (how === 'over') return roundMoney(dec(available).plus(minorUnit(currency)), currency);
  const part = roundMoney(dec(available).times(how).dividedBy(100), currency);
  return dec(part).isZero() ? minorUnit(currency) : part;
}

let sequence = 0;
/** The command a step stands for, given the account as it is; null when it names nothing sensible. */
function command(s: Step, state: CustomerAccountState, notes: Map<string, Money>): CustomerAccountCommand | null {
  switch (s.kind) {
    case 'pay': {
      const currency = CURRENCIES[s.currency];
      const seen = new Set<string>();
      const allocations = s.allocations
        .map((a) => INVOICES[a.invoice].facts)
        .map((facts, i) => ({ facts, how: s.allocations[i].share }))
        .filter(({ facts }) => facts.currency === currency && !seen.has(facts.invoiceId) && seen.add(facts.invoiceId))
        .map(({ facts, how }) => ({ invoiceId: facts.invoiceId, amount: take(invoiceOutstanding(state, facts).outstanding, how, currency) }))
        .filter((a) => dec(a.amount).gt(0));
      const allocated = sumOf(currency, allocations.map((a) => a.amount));
      // A payment with nothing to allocate is an advance.
      const extra = allocations.length === 0 && s.extra === 0 ? 2500 : s.extra;
      const amount = roundMoney(dec(allocated).plus(dec(minorUnit(currency)).times(extra)), currency);
      const rate = currency === BASE ? null : currency === 'USD' ? dec(s.rate).dividedBy(10000).toString() : dec(s.rate).dividedBy(1_500_000).toDecimalPlaces(8).toString();
      return {
        type: 'ReceivePayment',
        data: { paymentId: `P-${++sequence}`, customer, amount, currency, receivedOn: '2026-12-01', exchangeRate: rate, baseCurrency: BASE, allocations, invoices: FACTS },
      };
    }
    case 'apply': {
      const facts = INVOICES[s.invoice].facts;
      const pool = unappliedCredit(state).find((c) => c.currency === facts.currency)?.amount ?? roundMoney(0, facts.currency);
      const outstanding = invoiceOutstanding(state, facts).outstanding;
      const available = DecimalMath.min(pool, outstanding);
      const amount = take(roundMoney(available, facts.currency), s.share, facts.currency);
      return { type: 'ApplyCredit', data: { applicationId: `A-${++sequence}`, customer, invoice: facts, amount, appliedOn: '2026-12-02' } };
    }
    case 'note': {
      const { facts, totals } = INVOICES[s.invoice];
      const creditNoteId = `CN-${s.invoice}-${s.id}`;
      const { currency, exchangeRate } = facts;
      const gross =
        s.percent === 'outstanding' ? invoiceOutstanding(state, facts).outstanding : roundMoney(dec(totals.gross).times(s.percent).dividedBy(100), currency);
      if (dec(gross).isZero()) return null;
      const net = roundMoney(dec(gross).times(totals.net).dividedBy(totals.gross), currency);
      const noteTotals = { net, tax: roundMoney(dec(gross).minus(net), currency), gross };
      // The order never credits more than was invoiced (domain.md "Invoices"); a re-run keeps its own totals.
      const already = notes.get(creditNoteId);
      const creditedBefore = sumOf(currency, [...notes.entries()].filter(([id]) => id.startsWith(`CN-${s.invoice}-`)).map(([, g]) => g));
      if (already === undefined && dec(creditedBefore).plus(noteTotals.gross).gt(totals.gross)) return null;
      if (already === undefined) notes.set(creditNoteId, noteTotals.gross);
      return {
        type: 'PostCreditNote',
        data: { creditNoteId, customerId, invoice: facts, creditDate: '2026-12-03', totals: noteTotals, baseTotals: baseAmounts(noteTotals, exchangeRate, BASE) },
      };
    }
  }
}

/** The base-currency journal of an event (events.ts), as account → signed amount (debit positive). */
function journal(event: CustomerAccountEvent): [string, Money][] {
  const negate = (m: Money) => dec(m).negated().toString();
  switch (event.type) {
    case 'PaymentReceived': {
      const d = event.data;
      return [
        ['1000', d.baseAmount],
        ...d.allocations.map((a): [string, Money] => ['1100', negate(a.baseAmount)]),
        ['2200', negate(d.unallocatedBase)],
        ['7900', negate(d.exchangeDifference)],
      ];
    }
    case 'CreditApplied': {
      const d = event.data;
      return [['2200', d.creditBase], ['1100', negate(d.baseAmount)], ['7900', negate(d.exchangeDifference)]];
    }
    case 'CreditNotePosted': {
      const d = event.data;
      return [
        ['4000', d.baseTotals.net],
        ['2100', d.baseTotals.tax],
        ['1100', negate(d.appliedBase)],
        ['2200', negate(d.toCreditBase)],
        ['7900', negate(d.exchangeDifference)],
      ];
    }
  }
}

function checkEvent(event: CustomerAccountEvent): void {
  const zero = (m: Money) => dec(m).isZero();
  const nonNegative = (...amounts: Money[]) => amounts.every((m) => dec(m).gte(0));
  const what = `${event.type} ${JSON.stringify(event.data)}`;
  switch (event.type) {
    case 'PaymentReceived': {
      const d = event.data;
      const base = d.allocations.reduce((s, a) => s.plus(a.baseAmount), dec(d.unallocatedBase)).plus(d.exchangeDifference);
      ok(base.eq(d.baseAmount), `baseAmount = Σ allocation base + unallocatedBase + exchangeDifference: ${what}`);
      ok(d.allocations.reduce((s, a) => s.plus(a.amount), dec(d.unallocated)).eq(d.amount), `amount = Σ allocations + unallocated: ${what}`);
      ok(nonNegative(d.unallocated, d.unallocatedBase, ...d.allocations.map((a) => a.baseAmount)), `non-negative amounts: ${what}`);
      if (d.currency === BASE) ok(zero(d.exchangeDifference), `no exchange difference in the base currency: ${what}`);
      break;
    }
    case 'CreditApplied': {
      const d = event.data;
      ok(dec(d.baseAmount).plus(d.exchangeDifference).eq(d.creditBase), `creditBase = baseAmount + exchangeDifference: ${what}`);
      ok(nonNegative(d.creditBase, d.baseAmount), `non-negative amounts: ${what}`);
      if (d.currency === BASE) ok(zero(d.exchangeDifference), `no exchange difference in the base currency: ${what}`);
      break;
    }
    case 'CreditNotePosted': {
      const d = event.data;
      const base = dec(d.appliedBase).plus(d.toCreditBase).plus(d.exchangeDifference);
      ok(base.eq(d.baseTotals.gross), `baseTotals.gross = appliedBase + toCreditBase + exchangeDifference: ${what}`);
      ok(dec(d.applied).plus(d.toCredit).eq(d.totals.gross), `totals.gross = applied + toCredit: ${what}`);
      ok(nonNegative(d.applied, d.appliedBase, d.toCredit, d.toCreditBase), `non-negative amounts: ${what}`);
      ok(!zero(d.toCredit) || zero(d.toCreditBase), `no credit created carries no base: ${what}`);
      if (d.currency === BASE) ok(zero(d.exchangeDifference), `no exchange difference in the base currency: ${what}`);
      break;
    }
  }
  ok(journal(event).reduce((s, [, amount]) => s.plus(amount), dec('0')).isZero(), `the journal entry balances: ${what}`);
}

function checkState(state: CustomerAccountState, ledger: Map<string, Money>): void {
  let receivables = dec('0');
  for (const { facts } of INVOICES) {
    const { outstanding, baseOutstanding } = invoiceOutstanding(state, facts);
    const settled = invoiceSettlement(state, facts.invoiceId, facts);
    const what = `${facts.invoiceId} ${JSON.stringify(settled)}`;
    ok(dec(outstanding).gte(0), `outstanding ≥ 0: ${what}`);
    ok(dec(settled.paid).gte(0) && dec(settled.credited).gte(0), `paid, credited ≥ 0: ${what}`);
    ok(dec(settled.settledBase).gte(0) && dec(settled.settledBase).lte(facts.baseGross), `0 ≤ settledBase ≤ baseGross ${facts.baseGross}: ${what}`);
    ok(!dec(outstanding).isZero() || settled.settledBase === roundMoney(facts.baseGross, BASE), `settled: settledBase = baseGross ${facts.baseGross}: ${what}`);
    receivables = receivables.plus(baseOutstanding);
  }
  const credit = unappliedCredit(state);
  ok(
    credit.every((pool) => dec(pool.amount).gt(0) && dec(pool.base).gte(0)),
    `unapplied credit positive, its carrying value not negative: ${JSON.stringify(credit)}`,
  );
  ok(dec(ledger.get('1100') ?? '0').eq(receivables), `1100 ${ledger.get('1100')} = Σ open receivables ${receivables.toString()}`);
  const carried = credit.reduce((s, c) => s.plus(c.base), dec('0'));
  ok(dec(ledger.get('2200') ?? '0').negated().eq(carried), `2200 ${ledger.get('2200')} = Σ unapplied credit ${carried.toString()}`);
}

describe('customer account invariants over random settlement histories', () => {
  it('keeps every invoice at or above zero, settles base exactly, and balances every event', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), (steps) => {
        let state = customerAccountDecider.initialState;
        const history: CustomerAccountEvent[] = [];
        const notes = new Map<string, Money>();
        // Issuing the invoices (order stream): Dr 1100 base gross / Cr 4000 net, Cr 2100 tax.
        const ledger = new Map<string, Money>();
        const post = (account: string, amount: Money) => ledger.set(account, dec(ledger.get(account) ?? '0').plus(amount).toString());
        for (const { baseTotals } of INVOICES) {
          post('1100', baseTotals.gross);
          post('4000', dec(baseTotals.net).negated().toString());
          post('2100', dec(baseTotals.tax).negated().toString());
        }
        for (const s of steps) {
          const next = command(s, state, notes);
          if (!next) continue;
          let events: CustomerAccountEvent[] = [];
          try {
            events = customerAccountDecider.decide(next, state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error; // the rules said no: a valid outcome
          }
          for (const event of events) {
            checkEvent(event);
            journal(event).forEach(([account, amount]) => post(account, amount));
            state = customerAccountDecider.evolve(state, event);
            history.push(event);
          }
          checkState(state, ledger);
        }
        // Folding the stream again gives the same account (evolve's in-place writes stay inside one fold).
        const refolded = fold(customerAccountDecider, history);
        expect(unappliedCredit(refolded)).toEqual(unappliedCredit(state));
        for (const { facts } of INVOICES) expect(invoiceSettlement(refolded, facts.invoiceId, facts)).toEqual(invoiceSettlement(state, facts.invoiceId, facts));
        const trial = [...ledger.values()].reduce((s, a) => s.plus(a), dec('0'));
        ok(trial.isZero(), `the trial balance balances: ${JSON.stringify([...ledger])}`);
      }),
      { numRuns: 300 },
    );
  });

  it('takes every allocation of a payment racing another for the same euro at most once', () => {
    // Both payments decided on the same state: only the first append wins; the second, decided again on
    // the reloaded state, is refused.
    const facts = INVOICES[2].facts;
    const payAll = (paymentId: string): CustomerAccountCommand => ({
      type: 'ReceivePayment',
      data: {
        paymentId,
        customer,
        amount: facts.gross,
        currency: 'USD',
        receivedOn: '2026-12-01',
        exchangeRate: '0.92',
        baseCurrency: BASE,
        allocations: [{ invoiceId: facts.invoiceId, amount: facts.gross }],
        invoices: FACTS,
      },
    });
    const first = customerAccountDecider.decide(payAll('P-a'), customerAccountDecider.initialState);
    const reloaded = fold(customerAccountDecider, first);
    expect(() => customerAccountDecider.decide(payAll('P-b'), reloaded)).toThrow(expect.objectContaining({ code: 'OVER_ALLOCATION' }));
  });
});
