import type { StoredEvent } from '../../libs/event-store/port';
import { toMinor } from '../orders/minor-units';
import type { InvoiceIssued, InvoiceNumbered, ReceivablesEventEnvelope } from './receivables-events';
import { CustomerBalance, OpenItem, ReceivablesState, balanceKey, invoiceStatus } from './receivables-state';

/**
 * Folds a batch's receivables events, in log order, into the state loaded for it (pure: no database).
 * An event that contradicts what the projection knows (an invoice issued twice, a second, different
 * number for an invoice, a number naming another order) throws: the log would be inconsistent, and the
 * runtime stops this projection at that event rather than guess.
 */
export function foldReceivablesEvents(state: ReceivablesState, events: readonly ReceivablesEventEnvelope[]): void {
  for (const { stored, event } of events) {
    if (event.type === 'InvoiceIssued') issued(state, event.data, stored);
    else numbered(state, event.data, stored);
  }
}

function issued(state: ReceivablesState, data: InvoiceIssued['data'], stored: StoredEvent): void {
  const { invoiceId, orderId, customerId, currency } = data;
  if (state.items.has(invoiceId)) throw new Error(`Invoice ${invoiceId} issued twice`);
  const gross = toMinor(data.totals.gross, currency);
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
    status: 'paid',
    issuedPosition: stored.position,
    updatedPosition: stored.position,
    persisted: false,
    dirty: true,
  };
  state.items.set(invoiceId, item);
  const balance = balanceOf(state, customerId, currency, stored.position);
  balance.invoiceCount += 1;
  // The one way outstanding moves, so the customer's balance always follows its items.
  moveOutstanding(state, item, gross, stored.position);
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
 * Sets an item's outstanding amount and moves its customer's balance and open count by the difference.
 * Payments and credit notes (issue 5) come through here too: they change `paid` or `credited`, then
 * call this with gross − paid − credited.
 */
export function moveOutstanding(state: ReceivablesState, item: OpenItem, outstanding: bigint, position: string): void {
  const balance = balanceOf(state, item.customerId, item.currency, position);
  balance.balance += outstanding - item.outstanding;
  balance.openInvoiceCount += Number(outstanding > 0n) - Number(item.outstanding > 0n);
  item.outstanding = outstanding;
  item.status = invoiceStatus(item.paid, outstanding);
  touch(item, position);
}

function balanceOf(state: ReceivablesState, customerId: string, currency: string, position: string): CustomerBalance {
  const key = balanceKey(customerId, currency);
  let balance = state.balances.get(key);
  if (!balance) {
    if (!state.loadedCustomers.has(customerId)) throw new Error(`Balance of customer ${customerId} touched without being loaded (receivables-events.ts touchedKeys misses a case)`);
    balance = { customerId, currency, balance: 0n, unappliedCredit: 0n, invoiceCount: 0, openInvoiceCount: 0, updatedPosition: position, dirty: true };
    state.balances.set(key, balance);
  }
  balance.updatedPosition = position;
  balance.dirty = true;
  return balance;
}

function touch(item: OpenItem, position: string): void {
  item.updatedPosition = position;
  item.dirty = true;
}
