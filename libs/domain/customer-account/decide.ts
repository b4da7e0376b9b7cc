import { dateField } from '../shared/calendar';
import { assertNever } from '../shared/decider';
import { DomainError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { BASE_RATE, ExchangeRate, exchangeRateField, toBase } from '../shared/exchange';
import { DecimalMath, Money, moneyField, roundMoney } from '../shared/money';
import { CustomerAccountCommand, CustomerFactsForAccount, InvoiceFacts } from './commands';
import { Allocation, CustomerAccountEvent } from './events';
import { CustomerAccountState, creditPool, invoiceOutstanding } from './state';

type Command<T extends CustomerAccountCommand['type']> = Extract<CustomerAccountCommand, { type: T }>['data'];

/**
 * The rules of domain.md "Payments" and ADR 0007, one command at a time: a settlement never takes an
 * invoice below zero, in its currency or in the base currency, and every event carries the base amounts
 * the ledger posts (journal lines in events.ts), exchange difference included.
 */
export function decideCustomerAccount(command: CustomerAccountCommand, state: CustomerAccountState): CustomerAccountEvent[] {
  switch (command.type) {
    case 'ReceivePayment':
      return receivePayment(command.data, state);
    case 'ApplyCredit':
      return applyCredit(command.data, state);
    case 'PostCreditNote':
      return postCreditNote(command.data, state);
    default:
      return assertNever(command);
  }
}

function receivePayment(data: Command<'ReceivePayment'>, state: CustomerAccountState): CustomerAccountEvent[] {
  const { paymentId, customer, currency, baseCurrency } = data;
  if (state.paymentIds.has(paymentId)) throw new DomainError('PAYMENT_EXISTS', `Payment ${paymentId} already exists`);
  requireCustomer(customer);
  const amount = positiveMoney('amount', data.amount, currency);
  const rate = paymentRate(data.exchangeRate, currency, baseCurrency);

  // Field errors (400) first, then the invoices (404, 409).
  const seen = new Set<string>();
  const requested = data.allocations.map(({ invoiceId, amount: text }, i) => {
    const allocated = positiveMoney(`allocations[${i}].amount`, text, currency);
    if (seen.has(invoiceId)) throw new InvalidInputError(`allocations[${i}].invoiceId`, `invoice ${invoiceId} is named twice`);
    seen.add(invoiceId);
    return { invoiceId, amount: allocated };
  });
  const allocations: Allocation[] = requested.map(({ invoiceId, amount: allocated }) => {
    const invoice = requireInvoice(data.invoices.get(invoiceId), invoiceId, customer.customerId);
    if (invoice.currency !== currency) {
      throw new DomainError('CURRENCY_MISMATCH', `Invoice ${invoiceId} is in ${invoice.currency}, the payment in ${currency}`, {
        invoiceId,
        invoiceCurrency: invoice.currency,
        paymentCurrency: currency,
      });
    }
    return { invoiceId, amount: allocated, baseAmount: settlementBase(state, invoice, allocated) };
  });

  const allocated = sum(currency, allocations.map((a) => a.amount));
  if (gt(allocated, amount)) {
    throw new DomainError('ALLOCATIONS_EXCEED_PAYMENT', `Allocations of ${allocated} ${currency} exceed the payment of ${amount}`, { amount, allocated });
  }
  const baseAmount = toBase(amount, rate, baseCurrency);
  const unallocated = roundMoney(new DecimalMath(amount).minus(allocated), currency);
  const unallocatedBase = unallocated === amount ? baseAmount : toBase(unallocated, rate, baseCurrency);
  const exchangeDifference = roundMoney(
    new DecimalMath(baseAmount).minus(unallocatedBase).minus(sum(baseCurrency, allocations.map((a) => a.baseAmount))),
    baseCurrency,
  );
  return [
    {
      type: 'PaymentReceived',
      data: {
        paymentId,
        customerId: customer.customerId,
        amount,
        currency,
        receivedOn: dateField('receivedOn', data.receivedOn),
        exchangeRate: rate,
        baseCurrency,
        baseAmount,
        allocations,
        unallocated,
        unallocatedBase,
        exchangeDifference,
      },
    },
  ];
}

function applyCredit(data: Command<'ApplyCredit'>, state: CustomerAccountState): CustomerAccountEvent[] {
  const { applicationId, customer, invoice: facts } = data;
  if (state.applicationIds.has(applicationId)) {
    throw new DomainError('CREDIT_APPLICATION_EXISTS', `Credit application ${applicationId} already exists`);
  }
  requireCustomer(customer);
  const invoice = requireInvoice(facts, facts.invoiceId, customer.customerId);
  const { currency, baseCurrency } = invoice;
  const amount = positiveMoney('amount', data.amount, currency);
  const pool = creditPool(state, currency, baseCurrency);
  if (gt(amount, pool.amount)) {
    throw new DomainError('INSUFFICIENT_CREDIT', `Only ${pool.amount} ${currency} of unapplied credit is available`, {
      currency,
      available: pool.amount,
      requested: amount,
    });
  }
  const baseAmount = settlementBase(state, invoice, amount);
  // The credit leaves 2200 at its carrying value: its proportional share, or all of it when used up.
  const creditBase =
    amount === pool.amount ? pool.base : roundMoney(new DecimalMath(pool.base).times(amount).dividedBy(pool.amount), baseCurrency);
  return [
    {
      type: 'CreditApplied',
      data: {
        applicationId,
        customerId: customer.customerId,
        invoiceId: invoice.invoiceId,
        amount,
        currency,
        appliedOn: data.appliedOn,
        baseCurrency,
        creditBase,
        baseAmount,
        exchangeDifference: roundMoney(new DecimalMath(creditBase).minus(baseAmount), baseCurrency),
      },
    },
  ];
}

/**
 * Idempotent: the credit-note flow (ADR 0007) re-runs this after a crash, so a note already posted is
 * nothing to do. The note settles at most what the invoice still owes; the rest is unapplied credit.
 */
function postCreditNote(data: Command<'PostCreditNote'>, state: CustomerAccountState): CustomerAccountEvent[] {
  const { creditNoteId, customerId, totals, baseTotals } = data;
  if (state.creditNoteIds.has(creditNoteId)) return [];
  const invoice = requireInvoice(data.invoice, data.invoice.invoiceId, customerId);
  const { currency, baseCurrency } = invoice;
  const { outstanding, baseOutstanding } = invoiceOutstanding(state, invoice);
  const owed = max(currency, outstanding, '0');
  const baseOwed = max(baseCurrency, baseOutstanding, '0');
  const applied = min(currency, totals.gross, owed);
  const toCredit = roundMoney(new DecimalMath(totals.gross).minus(applied), currency);
  // Clearing the invoice takes exactly the base it has left; otherwise the note's own base gross (all of
  // the note settles the invoice), never more than the invoice has left.
  const appliedBase = applied === owed ? baseOwed : min(baseCurrency, baseTotals.gross, baseOwed);
  // The rest of the note's base is the carrying value of the credit it creates. With no credit created, or
  // a rest below zero (rounding of earlier settlements), those cents are exchange gain/loss instead: the
  // event stays balanced, 1100 settles to 0.00 and 2200 never carries credit of no amount or below zero.
  const rest = roundMoney(new DecimalMath(baseTotals.gross).minus(appliedBase), baseCurrency);
  const toCreditBase = isZero(toCredit) ? roundMoney(0, baseCurrency) : max(baseCurrency, rest, '0');
  const exchangeDifference = roundMoney(new DecimalMath(rest).minus(toCreditBase), baseCurrency);
  return [
    {
      type: 'CreditNotePosted',
      data: {
        creditNoteId,
        customerId,
        invoiceId: invoice.invoiceId,
        orderId: invoice.orderId,
        currency,
        creditDate: dateField('creditDate', data.creditDate),
        exchangeRate: invoice.exchangeRate,
        baseCurrency,
        totals,
        baseTotals,
        applied,
        appliedBase,
        toCredit,
        toCreditBase,
        exchangeDifference,
      },
    },
  ];
}

function requireCustomer(customer: CustomerFactsForAccount): void {
  if (!customer.exists) throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customer.customerId} does not exist`);
}

function requireInvoice(invoice: InvoiceFacts | undefined, invoiceId: string, customerId: string): InvoiceFacts {
  if (!invoice || !invoice.exists) throw new NotFoundError('INVOICE_NOT_FOUND', `Invoice ${invoiceId} does not exist`);
  if (invoice.customerId !== customerId) {
    throw new DomainError('INVOICE_OF_OTHER_CUSTOMER', `Invoice ${invoiceId} belongs to another customer`, {
      invoiceId,
      customerId: invoice.customerId,
    });
  }
  return invoice;
}

/**
 * The base amount one settlement of `amount` takes off the invoice (account 1100): the rest of its base
 * when it clears the invoice, so a settled invoice leaves exactly 0.00; otherwise its share at the
 * invoice's rate, never more than the invoice has left. Refuses more than the invoice still owes.
 */
function settlementBase(state: CustomerAccountState, invoice: InvoiceFacts, amount: Money): Money {
  const { outstanding, baseOutstanding } = invoiceOutstanding(state, invoice);
  if (gt(amount, outstanding)) {
    throw new DomainError('OVER_ALLOCATION', `Invoice ${invoice.invoiceId} has only ${outstanding} ${invoice.currency} outstanding`, {
      invoiceId: invoice.invoiceId,
      outstanding,
      requested: amount,
    });
  }
  const baseOwed = max(invoice.baseCurrency, baseOutstanding, '0');
  if (amount === outstanding) return baseOwed;
  return min(invoice.baseCurrency, toBase(amount, invoice.exchangeRate, invoice.baseCurrency), baseOwed);
}

/** The payment's rate: "1" in the base currency, else the one given (required). */
function paymentRate(given: ExchangeRate | null | undefined, currency: string, baseCurrency: string): ExchangeRate {
  if (currency === baseCurrency) {
    if (given !== null && given !== undefined && exchangeRateField('exchangeRate', given) !== BASE_RATE) {
      throw new InvalidInputError('exchangeRate', `a payment in the base currency ${baseCurrency} has exchangeRate 1`);
    }
    return BASE_RATE;
  }
  if (given === null || given === undefined) {
    throw new DomainError('EXCHANGE_RATE_REQUIRED', `A payment in ${currency} needs its exchange rate to ${baseCurrency}`, { currency, baseCurrency });
  }
  return exchangeRateField('exchangeRate', given);
}

/** A command's amount: valid money in the currency and more than zero. */
function positiveMoney(field: string, text: Money, currency: string): Money {
  const amount = moneyField(field, text, currency);
  if (isZero(amount)) throw new InvalidInputError(field, `${field} must be greater than zero`);
  return amount;
}

const isZero = (amount: Money): boolean => new DecimalMath(amount).isZero();
const gt = (a: Money, b: Money): boolean => new DecimalMath(a).gt(b);
const min = (currency: string, a: Money, b: Money): Money => roundMoney(DecimalMath.min(a, b), currency);
const max = (currency: string, a: Money, b: Money): Money => roundMoney(DecimalMath.max(a, b), currency);
const sum = (currency: string, amounts: Money[]): Money => roundMoney(amounts.reduce((s, a) => s.plus(a), new DecimalMath(0)), currency);
