import type { StoredEvent } from '../../libs/event-store/port';
import { fromMinor, toMinor } from '../shared/fixed-point';
import type { CreditApplied, CreditNoteNumbered, CreditNotePosted, InvoiceIssued, InvoiceNumbered, PaymentReceived, ReceivablesEventEnvelope } from './receivables-events';
import { CreditNote, CustomerBalance, OpenItem, ReceivablesState, SettlementSource, balanceKey, invoiceStatus, settlementKey } from './receivables-state';

/**
 * Folds a batch's receivables events, in log order, into the state loaded for it (pure: no database).
 * An event that contradicts what the projection knows (an invoice issued twice, a second, different
 * number for an invoice, a number naming another order, a settlement of an invoice it never saw issued,
 * of another customer's invoice or in another currency, a settlement taking an invoice or a customer's
 * unapplied credit below zero) throws: the log would be inconsistent, and the runtime stops this
 * projection at that event rather than guess.
 */
export function foldReceivablesEvents(state: ReceivablesState, events: readonly ReceivablesEventEnvelope[]): void {
  for (const { stored, event } of events) {
    switch (event.type) {
      case 'InvoiceIssued':
        issued(state, event.data, stored);
        break;
      case 'InvoiceNumbered':
        numbered(state, event.data, stored);
        break;
      case 'PaymentReceived':
        paymentReceived(state, event.data, stored);
        break;
      case 'CreditApplied':
        creditApplied(state, event.data, stored);
        break;
      case 'CreditNotePosted':
        creditNotePosted(state, event.data, stored);
        break;
      case 'CreditNoteNumbered':
        creditNoteNumbered(state, event.data, stored);
        break;
    }
  }
}

function issued(state: ReceivablesState, data: InvoiceIssued['data'], stored: StoredEvent): void {
  const { invoiceId, orderId, customerId, currency, baseCurrency, baseTotals } = data;
  if (state.items.has(invoiceId)) throw new Error(`Invoice ${invoiceId} issued twice`);
  const gross = toMinor(data.totals.gross, currency);
  const grossBase = toMinor(baseTotals.gross, baseCurrency);
  const item: OpenItem = {
    invoiceId,
    number: takePendingNumber(state, invoiceId, orderId),
    customerId,
    orderId,
    currency,
    invoiceDate: data.invoiceDate,
    dueDate: data.dueDate,
    gross,
    paid: 0n,
    credited: 0n,
    // Starts owing nothing; moveOutstanding below brings it to gross, with its balance and status.
    outstanding: 0n,
    baseCurrency,
    exchangeRate: data.exchangeRate,
    grossBase,
    paidBase: 0n,
    creditedBase: 0n,
    outstandingBase: 0n,
    status: 'paid',
    issuedPosition: stored.position,
    updatedPosition: stored.position,
    persisted: false,
    dirty: true,
  };
  state.items.set(invoiceId, item);
  const balance = balanceOf(state, customerId, currency, baseCurrency, stored.position);
  balance.invoiceCount += 1;
  // The one way outstanding moves, so the customer's balance always follows its items.
  moveOutstanding(state, item, stored.position);
}

function numbered(state: ReceivablesState, data: InvoiceNumbered['data'], stored: StoredEvent): void {
  const { invoiceId, orderId, number, year } = data;
  const item = state.items.get(invoiceId);
  if (!item) {
    // Numbered before this projection applied the issue: park the number until the invoice arrives.
    const parked = state.pending.get(invoiceId);
    if (parked && parked.number !== number) throw new Error(`Invoice ${invoiceId} numbered ${number}, but it was numbered ${parked.number} already`);
    if (!parked) state.pending.set(invoiceId, { invoiceId, orderId, number, year, numberedPosition: stored.position, persisted: false });
    return;
  }
  if (item.orderId !== orderId) throw new Error(`InvoiceNumbered names order ${orderId} for invoice ${invoiceId} of order ${item.orderId}`);
  if (item.number !== null && item.number !== number) throw new Error(`Invoice ${invoiceId} numbered ${number}, but it was numbered ${item.number} already`);
  item.number = number;
  touch(item, stored.position);
}

/** The number an earlier `InvoiceNumbered` parked for this invoice, which leaves the pending table. */
function takePendingNumber(state: ReceivablesState, invoiceId: string, orderId: string): string | null {
  const parked = state.pending.get(invoiceId);
  if (!parked) return null;
  if (parked.orderId !== orderId) throw new Error(`InvoiceNumbered named order ${parked.orderId} for invoice ${invoiceId} of order ${orderId}`);
  state.pending.delete(invoiceId);
  if (parked.persisted) state.consumed.push(parked);
  return parked.number;
}

/**
 * A payment: each allocation settles its invoice (paid += amount, paidBase += baseAmount); what is not
 * allocated becomes the customer's unapplied credit in the payment's currency. The payment is kept as a
 * row, each allocation as a settlement.
 */
function paymentReceived(state: ReceivablesState, data: PaymentReceived['data'], stored: StoredEvent): void {
  const { paymentId, customerId, currency, baseCurrency } = data;
  const amount = toMinor(data.amount, currency);
  const unallocated = toMinor(data.unallocated, currency);
  let allocated = 0n;
  let allocatedBase = 0n;
  for (const allocation of data.allocations) {
    const item = settledItem(state, allocation.invoiceId, customerId, currency, baseCurrency, `Payment ${paymentId}`);
    const share = toMinor(allocation.amount, currency);
    const shareBase = toMinor(allocation.baseAmount, baseCurrency);
    item.paid += share;
    item.paidBase += shareBase;
    moveOutstanding(state, item, stored.position);
    settle(state, item, 'payment', paymentId, share, shareBase, data.receivedOn, stored.position);
    allocated += share;
    allocatedBase += shareBase;
  }
  if (allocated + unallocated !== amount) {
    throw new Error(`Payment ${paymentId} of ${data.amount} ${currency}: allocations of ${fromMinor(allocated, currency)} and ${data.unallocated} unallocated do not add up`);
  }
  const unallocatedBase = toMinor(data.unallocatedBase, baseCurrency);
  addUnappliedCredit(state, customerId, currency, baseCurrency, unallocated, unallocatedBase, stored.position, `Payment ${paymentId}`);
  state.payments.push({
    paymentId,
    customerId,
    currency,
    amount,
    receivedOn: data.receivedOn,
    exchangeRate: data.exchangeRate,
    baseCurrency,
    baseAmount: toMinor(data.baseAmount, baseCurrency),
    allocated,
    unallocated,
    allocatedBase,
    unallocatedBase,
    exchangeDifference: toMinor(data.exchangeDifference, baseCurrency),
    position: stored.position,
  });
}

/** Unapplied credit moved onto an invoice: paid += amount on the invoice, the credit shrinks by amount (creditBase in base). */
function creditApplied(state: ReceivablesState, data: CreditApplied['data'], stored: StoredEvent): void {
  const { applicationId, customerId, invoiceId, currency, baseCurrency } = data;
  const item = settledItem(state, invoiceId, customerId, currency, baseCurrency, `Credit application ${applicationId}`);
  const amount = toMinor(data.amount, currency);
  const baseAmount = toMinor(data.baseAmount, baseCurrency);
  addUnappliedCredit(state, customerId, currency, baseCurrency, -amount, -toMinor(data.creditBase, baseCurrency), stored.position, `Credit application ${applicationId}`);
  item.paid += amount;
  item.paidBase += baseAmount;
  moveOutstanding(state, item, stored.position);
  settle(state, item, 'credit_application', applicationId, amount, baseAmount, data.appliedOn, stored.position);
}

/**
 * A credit note's money (ADR 0007): `applied` settles the invoice (credited += applied), `toCredit`
 * (the excess over what the invoice still owed) becomes unapplied credit. The note is kept as a row,
 * numbered by `CreditNoteNumbered` whichever of the two comes first.
 */
function creditNotePosted(state: ReceivablesState, data: CreditNotePosted['data'], stored: StoredEvent): void {
  const { creditNoteId, customerId, invoiceId, orderId, currency, baseCurrency } = data;
  if (state.creditNotes.has(creditNoteId)) throw new Error(`Credit note ${creditNoteId} posted twice`);
  const item = settledItem(state, invoiceId, customerId, currency, baseCurrency, `Credit note ${creditNoteId}`);
  if (item.orderId !== orderId) throw new Error(`Credit note ${creditNoteId} names order ${orderId} for invoice ${invoiceId} of order ${item.orderId}`);
  const applied = toMinor(data.applied, currency);
  const toCredit = toMinor(data.toCredit, currency);
  const appliedBase = toMinor(data.appliedBase, baseCurrency);
  const toCreditBase = toMinor(data.toCreditBase, baseCurrency);
  const gross = toMinor(data.totals.gross, currency);
  const grossBase = toMinor(data.baseTotals.gross, baseCurrency);
  // The rounding's gain or loss in base (ADR 0007).
  const exchangeDifference = toMinor(data.exchangeDifference, baseCurrency);
  if (applied + toCredit !== gross || appliedBase + toCreditBase + exchangeDifference !== grossBase) {
    throw new Error(`Credit note ${creditNoteId}: applied and to-credit amounts do not add up to its gross (${data.totals.gross} ${currency}, ${data.baseTotals.gross} ${baseCurrency})`);
  }
  item.credited += applied;
  item.creditedBase += appliedBase;
  moveOutstanding(state, item, stored.position);
  if (applied !== 0n || appliedBase !== 0n) settle(state, item, 'credit_note', creditNoteId, applied, appliedBase, data.creditDate, stored.position);
  addUnappliedCredit(state, customerId, currency, baseCurrency, toCredit, toCreditBase, stored.position, `Credit note ${creditNoteId}`);
  const note: CreditNote = {
    creditNoteId,
    number: takePendingCreditNoteNumber(state, creditNoteId, invoiceId, orderId),
    invoiceId,
    orderId,
    customerId,
    currency,
    creditDate: data.creditDate,
    exchangeRate: data.exchangeRate,
    baseCurrency,
    net: toMinor(data.totals.net, currency),
    tax: toMinor(data.totals.tax, currency),
    gross,
    applied,
    toCredit,
    netBase: toMinor(data.baseTotals.net, baseCurrency),
    taxBase: toMinor(data.baseTotals.tax, baseCurrency),
    grossBase,
    appliedBase,
    toCreditBase,
    exchangeDifference,
    position: stored.position,
    updatedPosition: stored.position,
    persisted: false,
    dirty: true,
  };
  state.creditNotes.set(creditNoteId, note);
}

function creditNoteNumbered(state: ReceivablesState, data: CreditNoteNumbered['data'], stored: StoredEvent): void {
  const { creditNoteId, invoiceId, orderId, number, year } = data;
  const note = state.creditNotes.get(creditNoteId);
  if (!note) {
    // Numbered before this projection applied the posting: park the number until the note arrives.
    const parked = state.pendingCreditNoteNumbers.get(creditNoteId);
    if (parked && parked.number !== number) throw new Error(`Credit note ${creditNoteId} numbered ${number}, but it was numbered ${parked.number} already`);
    if (!parked) state.pendingCreditNoteNumbers.set(creditNoteId, { creditNoteId, invoiceId, orderId, number, year, numberedPosition: stored.position, persisted: false });
    return;
  }
  if (note.invoiceId !== invoiceId || note.orderId !== orderId) {
    throw new Error(`CreditNoteNumbered names invoice ${invoiceId} of order ${orderId} for credit note ${creditNoteId} of invoice ${note.invoiceId}, order ${note.orderId}`);
  }
  if (note.number !== null && note.number !== number) throw new Error(`Credit note ${creditNoteId} numbered ${number}, but it was numbered ${note.number} already`);
  note.number = number;
  note.updatedPosition = stored.position;
  note.dirty = true;
}

function takePendingCreditNoteNumber(state: ReceivablesState, creditNoteId: string, invoiceId: string, orderId: string): string | null {
  const parked = state.pendingCreditNoteNumbers.get(creditNoteId);
  if (!parked) return null;
  if (parked.invoiceId !== invoiceId || parked.orderId !== orderId) {
    throw new Error(`CreditNoteNumbered named invoice ${parked.invoiceId} of order ${parked.orderId} for credit note ${creditNoteId} of invoice ${invoiceId}, order ${orderId}`);
  }
  state.pendingCreditNoteNumbers.delete(creditNoteId);
  if (parked.persisted) state.consumedCreditNoteNumbers.push(parked);
  return parked.number;
}

/**
 * The invoice a settlement names, checked against what the projection knows of it: issued, to this
 * customer, in this currency, with this base currency.
 */
function settledItem(state: ReceivablesState, invoiceId: string, customerId: string, currency: string, baseCurrency: string, what: string): OpenItem {
  const item = state.items.get(invoiceId);
  if (!item) throw new Error(`${what} settles invoice ${invoiceId}, which was never issued`);
  if (item.customerId !== customerId) throw new Error(`${what} of customer ${customerId} settles invoice ${invoiceId} of customer ${item.customerId}`);
  if (item.currency !== currency) throw new Error(`${what} in ${currency} settles invoice ${invoiceId} in ${item.currency}`);
  if (item.baseCurrency !== baseCurrency) throw new Error(`${what} in base currency ${baseCurrency} settles invoice ${invoiceId} kept in ${item.baseCurrency}`);
  return item;
}

function settle(state: ReceivablesState, item: OpenItem, sourceType: SettlementSource, sourceId: string, amount: bigint, baseAmount: bigint, settledOn: string, position: string): void {
  const { invoiceId, currency, baseCurrency } = item;
  // One payment may name an invoice twice: one settlement row per (source, invoice), the shares added up.
  const key = settlementKey(sourceType, sourceId, invoiceId);
  const same = state.settlements.get(key);
  if (same) {
    same.amount += amount;
    same.baseAmount += baseAmount;
    return;
  }
  state.settlements.set(key, { invoiceId, sourceType, sourceId, amount, currency, baseAmount, baseCurrency, settledOn, position });
}

/** Moves a customer's unapplied credit in `currency`; it may never go below zero. */
function addUnappliedCredit(state: ReceivablesState, customerId: string, currency: string, baseCurrency: string, amount: bigint, baseAmount: bigint, position: string, what: string): void {
  if (amount === 0n && baseAmount === 0n) return;
  const balance = balanceOf(state, customerId, currency, baseCurrency, position);
  balance.unappliedCredit += amount;
  balance.unappliedCreditBase += baseAmount;
  if (balance.unappliedCredit < 0n || balance.unappliedCreditBase < 0n) {
    throw new Error(`${what} takes the unapplied credit of customer ${customerId} in ${currency} below zero`);
  }
}

/**
 * Sets an item's outstanding amounts to gross − paid − credited (in its currency and in base) and moves
 * its customer's balance and open count by the difference. Every settlement comes through here after
 * changing `paid`/`credited`; an outstanding below zero is a settlement the account could never have
 * decided, and throws.
 */
export function moveOutstanding(state: ReceivablesState, item: OpenItem, position: string): void {
  const outstanding = item.gross - item.paid - item.credited;
  const outstandingBase = item.grossBase - item.paidBase - item.creditedBase;
  if (outstanding < 0n || outstandingBase < 0n) throw new Error(`Invoice ${item.invoiceId} would be settled beyond its gross: outstanding below zero`);
  const balance = balanceOf(state, item.customerId, item.currency, item.baseCurrency, position);
  balance.balance += outstanding - item.outstanding;
  balance.balanceBase += outstandingBase - item.outstandingBase;
  balance.openInvoiceCount += Number(outstanding > 0n) - Number(item.outstanding > 0n);
  item.outstanding = outstanding;
  item.outstandingBase = outstandingBase;
  item.status = invoiceStatus(item.paid, outstanding);
  touch(item, position);
}

/**
 * The customer's balance row in `currency`, created at zero when the customer has none yet (its first
 * invoice in that currency, or unapplied credit in a currency it was never invoiced in). Its base
 * amounts are in one base currency: a row still holding base amounts in another one cannot take these
 * (an invoice in a foreign currency issued before rates existed is kept in its own currency; see README).
 */
function balanceOf(state: ReceivablesState, customerId: string, currency: string, baseCurrency: string, position: string): CustomerBalance {
  const key = balanceKey(customerId, currency);
  let balance = state.balances.get(key);
  if (!balance) {
    if (!state.loadedCustomers.has(customerId)) throw new Error(`Balance of customer ${customerId} touched without being loaded (receivables-events.ts touchedKeys misses a case)`);
    balance = {
      customerId,
      currency,
      balance: 0n,
      unappliedCredit: 0n,
      baseCurrency,
      balanceBase: 0n,
      unappliedCreditBase: 0n,
      invoiceCount: 0,
      openInvoiceCount: 0,
      updatedPosition: position,
      dirty: true,
    };
    state.balances.set(key, balance);
  }
  if (balance.baseCurrency !== baseCurrency) {
    if (balance.balanceBase !== 0n || balance.unappliedCreditBase !== 0n) {
      throw new Error(`Customer ${customerId} holds ${currency} amounts in base currency ${balance.baseCurrency}: an amount in base ${baseCurrency} cannot join them`);
    }
    balance.baseCurrency = baseCurrency;
  }
  balance.updatedPosition = position;
  balance.dirty = true;
  return balance;
}

function touch(item: OpenItem, position: string): void {
  item.updatedPosition = position;
  item.dirty = true;
}
