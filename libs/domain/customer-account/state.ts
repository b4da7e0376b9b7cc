import { assertNever } from '../shared/decider';
import { DecimalMath, Money, roundMoney } from '../shared/money';
import { InvoiceFacts } from './commands';
import { CustomerAccountEvent } from './events';

/**
 * What the account stream says about one invoice: everything that settled it so far. The invoice's fixed
 * facts (gross, rate, customer) are not here: they come on each command (commands.ts `InvoiceFacts`).
 */
export interface InvoiceSettlement {
  /** Payment allocations plus applied credit, in the invoice currency. */
  paid: Money;
  /** What credit notes settled, in the invoice currency. */
  credited: Money;
  /** Σ of every settlement's base amount: what has come off account 1100 for this invoice. */
  settledBase: Money;
}

export interface InvoiceAccount extends InvoiceSettlement {
  currency: string;
  baseCurrency: string;
}

/** Unapplied credit in one currency: its amount and its carrying value on account 2200. */
export interface CreditPool {
  amount: Money;
  base: Money;
  baseCurrency: string;
}

export interface UnappliedCredit {
  currency: string;
  amount: Money;
  base: Money;
}

export interface CustomerAccountState {
  /** invoiceId → what settled it; an invoice nothing settled yet is absent. */
  invoices: ReadonlyMap<string, InvoiceAccount>;
  /** currency → unapplied credit; a currency without credit is absent. */
  credit: ReadonlyMap<string, CreditPool>;
  paymentIds: ReadonlySet<string>;
  applicationIds: ReadonlySet<string>;
  creditNoteIds: ReadonlySet<string>;
}

// A customer's stream grows by hundreds of events a day: copying every map and set per event would make a
// fold quadratic. As in invoice-number.ts, evolve extends the collections in place; a fold starts from the
// shared empty ones below, which are never written (the first write copies them), so only states of one
// fold share a collection, and a fold keeps just its last state. `decide` never writes to a state.
const NO_INVOICES: ReadonlyMap<string, InvoiceAccount> = new Map();
const NO_CREDIT: ReadonlyMap<string, CreditPool> = new Map();
const NO_PAYMENTS: ReadonlySet<string> = new Set();
const NO_APPLICATIONS: ReadonlySet<string> = new Set();
const NO_CREDIT_NOTES: ReadonlySet<string> = new Set();

export const initialCustomerAccountState: CustomerAccountState = {
  invoices: NO_INVOICES,
  credit: NO_CREDIT,
  paymentIds: NO_PAYMENTS,
  applicationIds: NO_APPLICATIONS,
  creditNoteIds: NO_CREDIT_NOTES,
};

/** A copy whose collections are its own (see `Decider.copy`): one pass over each, far less than a fold. */
export function copyCustomerAccountState(state: CustomerAccountState): CustomerAccountState {
  const copied = <C extends ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>>(collection: C, empty: C): C =>
    (collection === empty ? empty : collection instanceof Map ? new Map(collection) : new Set(collection as ReadonlySet<unknown>)) as C;
  return {
    ...state,
    invoices: copied(state.invoices, NO_INVOICES),
    credit: copied(state.credit, NO_CREDIT),
    paymentIds: copied(state.paymentIds, NO_PAYMENTS),
    applicationIds: copied(state.applicationIds, NO_APPLICATIONS),
    creditNoteIds: copied(state.creditNoteIds, NO_CREDIT_NOTES),
  };
}

const writable = <K, V>(map: ReadonlyMap<K, V>, empty: ReadonlyMap<K, V>): Map<K, V> => (map === empty ? new Map() : (map as Map<K, V>));
const writableSet = <T>(set: ReadonlySet<T>, empty: ReadonlySet<T>): Set<T> => (set === empty ? new Set() : (set as Set<T>));

const plus = (currency: string, a: Money, b: Money): Money => roundMoney(new DecimalMath(a).plus(b), currency);
const minus = (currency: string, a: Money, b: Money): Money => roundMoney(new DecimalMath(a).minus(b), currency);
const isZero = (amount: Money): boolean => new DecimalMath(amount).isZero();

/** Folds one event into the account. Never throws: an event is a fact, whatever the state says. */
export function evolveCustomerAccount(state: CustomerAccountState, event: CustomerAccountEvent): CustomerAccountState {
  switch (event.type) {
    case 'PaymentReceived': {
      const { paymentId, currency, baseCurrency, allocations, unallocated, unallocatedBase } = event.data;
      const invoices = writable(state.invoices, NO_INVOICES);
      for (const allocation of allocations) {
        settle(invoices, allocation.invoiceId, currency, baseCurrency, { paid: allocation.amount, settledBase: allocation.baseAmount });
      }
      const credit = addCredit(state.credit, currency, baseCurrency, unallocated, unallocatedBase);
      const paymentIds = writableSet(state.paymentIds, NO_PAYMENTS).add(paymentId);
      return { ...state, invoices, credit, paymentIds };
    }
    case 'CreditApplied': {
      const { applicationId, invoiceId, amount, currency, baseCurrency, creditBase, baseAmount } = event.data;
      const invoices = writable(state.invoices, NO_INVOICES);
      settle(invoices, invoiceId, currency, baseCurrency, { paid: amount, settledBase: baseAmount });
      const credit = writable(state.credit, NO_CREDIT);
      const pool = credit.get(currency) ?? { amount: roundMoney(0, currency), base: roundMoney(0, baseCurrency), baseCurrency };
      const rest = { amount: minus(currency, pool.amount, amount), base: minus(baseCurrency, pool.base, creditBase), baseCurrency };
      if (isZero(rest.amount) && isZero(rest.base)) credit.delete(currency);
      else credit.set(currency, rest);
      const applicationIds = writableSet(state.applicationIds, NO_APPLICATIONS).add(applicationId);
      return { ...state, invoices, credit, applicationIds };
    }
    case 'CreditNotePosted': {
      const { creditNoteId, invoiceId, currency, baseCurrency, applied, appliedBase, toCredit, toCreditBase } = event.data;
      const invoices = writable(state.invoices, NO_INVOICES);
      settle(invoices, invoiceId, currency, baseCurrency, { credited: applied, settledBase: appliedBase });
      const credit = addCredit(state.credit, currency, baseCurrency, toCredit, toCreditBase);
      const creditNoteIds = writableSet(state.creditNoteIds, NO_CREDIT_NOTES).add(creditNoteId);
      return { ...state, invoices, credit, creditNoteIds };
    }
    default:
      return assertNever(event);
  }
}

function settle(
  invoices: Map<string, InvoiceAccount>,
  invoiceId: string,
  currency: string,
  baseCurrency: string,
  by: { paid?: Money; credited?: Money; settledBase: Money },
): void {
  const zero = roundMoney(0, currency);
  const before = invoices.get(invoiceId) ?? { paid: zero, credited: zero, settledBase: roundMoney(0, baseCurrency), currency, baseCurrency };
  invoices.set(invoiceId, {
    ...before,
    paid: plus(currency, before.paid, by.paid ?? zero),
    credited: plus(currency, before.credited, by.credited ?? zero),
    settledBase: plus(baseCurrency, before.settledBase, by.settledBase),
  });
}

/** A zero addition leaves the pools as they are: a currency without credit has no pool. */
function addCredit(
  pools: ReadonlyMap<string, CreditPool>,
  currency: string,
  baseCurrency: string,
  amount: Money,
  base: Money,
): ReadonlyMap<string, CreditPool> {
  if (isZero(amount) && isZero(base)) return pools;
  const credit = writable(pools, NO_CREDIT);
  const pool = credit.get(currency) ?? { amount: roundMoney(0, currency), base: roundMoney(0, baseCurrency), baseCurrency };
  credit.set(currency, { amount: plus(currency, pool.amount, amount), base: plus(baseCurrency, pool.base, base), baseCurrency });
  return credit;
}

/**
 * What settled an invoice so far, for the application layer (GET /v1/invoices/:id). Zeros when nothing
 * did; `currencies` (the invoice's, when known) only formats those zeros with the right minor digits.
 */
export function invoiceSettlement(
  state: CustomerAccountState,
  invoiceId: string,
  currencies?: Pick<InvoiceFacts, 'currency' | 'baseCurrency'>,
): InvoiceSettlement {
  const invoice = state.invoices.get(invoiceId);
  if (invoice) return { paid: invoice.paid, credited: invoice.credited, settledBase: invoice.settledBase };
  const zero = roundMoney(0, currencies?.currency ?? 'EUR');
  return { paid: zero, credited: zero, settledBase: roundMoney(0, currencies?.baseCurrency ?? 'EUR') };
}

/**
 * What the invoice still owes: gross − paid − credited in its currency, and baseGross − settledBase in the
 * base currency (its balance on account 1100).
 */
export function invoiceOutstanding(state: CustomerAccountState, invoice: InvoiceFacts): { outstanding: Money; baseOutstanding: Money } {
  const settled = invoiceSettlement(state, invoice.invoiceId, invoice);
  return {
    outstanding: roundMoney(new DecimalMath(invoice.gross).minus(settled.paid).minus(settled.credited), invoice.currency),
    baseOutstanding: roundMoney(new DecimalMath(invoice.baseGross).minus(settled.settledBase), invoice.baseCurrency),
  };
}

/** The customer's unapplied credit per currency (account 2200 holds Σ `base`), ordered by currency. */
export function unappliedCredit(state: CustomerAccountState): UnappliedCredit[] {
  return [...state.credit.entries()]
    .filter(([, pool]) => !isZero(pool.amount) || !isZero(pool.base))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, pool]) => ({ currency, amount: pool.amount, base: pool.base }));
}

/** The pool of one currency; zeros when the customer has no credit in it. */
export function creditPool(state: CustomerAccountState, currency: string, baseCurrency: string): CreditPool {
  return state.credit.get(currency) ?? { amount: roundMoney(0, currency), base: roundMoney(0, baseCurrency), baseCurrency };
}
