import { Address } from '../customer/customer';
import { CustomerFacts } from '../sales-order/commands';
import { PricedLine, RequestedLine, priceLine } from '../shared/pricing';
import { Decider, assertNever } from '../shared/decider';
import { isCalendarDate } from '../shared/calendar';
import { DomainError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { Amounts, lineAmounts, totalAmounts } from '../shared/line-amounts';
import { Money, Rate, moneyField, rateField } from '../shared/money';
import { Quantity, quantityField } from '../shared/quantity';

/**
 * Quotes (domain.md "Quotes"): draft → sent → accepted | declined, and an accepted quote converts once into
 * a draft sales order. Expiry is not an event: an open quote *reads* `expired` once its validUntil has
 * passed, judged against the `now` each command and query carries. Nothing has to run at midnight, and a
 * replay of the log never changes what a quote was at the time. Quotes never touch stock or the ledger.
 */
export const quoteStream = (quoteId: string): string => `quote-${quoteId}`;

/** Without a validUntil a quote is valid through the 30th day after the day it was drafted (UTC). */
export const DEFAULT_VALIDITY_DAYS = 30;

/** A line as priced when it was quoted: a later product change does not move it. */
export type QuoteLine = PricedLine;

export type QuoteEvent =
  | {
      type: 'QuoteDrafted';
      /** validUntil: an ISO date (valid through that day, UTC) or an ISO instant in UTC. */
      data: {
        quoteId: string;
        customerId: string;
        currency: string;
        validUntil: string;
        lines: QuoteLine[];
        /** The customer's billing address, snapshotted. Absent on quotes drafted before addresses were snapshotted: none. */
        billingAddress?: Address | null;
        /** Where the goods would go: the customer's shipping address, else its billing address. Absent on older quotes: none. */
        shippingAddress?: Address | null;
      };
    }
  | { type: 'QuoteLineAdded'; data: { quoteId: string; line: QuoteLine } }
  | { type: 'QuoteLineChanged'; data: { quoteId: string; lineId: string; sku: string; quantity: Quantity; unitPrice: Money; discount: Rate } }
  | { type: 'QuoteLineRemoved'; data: { quoteId: string; lineId: string; sku: string } }
  | { type: 'QuoteSent'; data: { quoteId: string } }
  /** Carries the accepted value, so a sales-pipeline reader needs nothing else. */
  | { type: 'QuoteAccepted'; data: { quoteId: string; customerId: string; totals: Amounts } }
  | { type: 'QuoteDeclined'; data: { quoteId: string } }
  /** The quote's half of the link; the order's `OrderDrafted.quoteId` is the other half. */
  | { type: 'QuoteConverted'; data: { quoteId: string; orderId: string } };

/**
 * Commands of the quote. `now` (ISO 8601 instant) is when the command was received; looked-up facts (the
 * customer, product prices) arrive on the command, as for the sales order.
 */
export type QuoteCommand =
  | {
      type: 'DraftQuote';
      data: {
        quoteId: string;
        now: string;
        customer: CustomerFacts;
        currency: string;
        validUntil: string | null;
        billingAddress: Address | null;
        shippingAddress: Address | null;
        lines: RequestedLine[];
      };
    }
  | { type: 'AddQuoteLine'; data: { quoteId: string; now: string; line: RequestedLine } }
  | { type: 'ChangeQuoteLine'; data: { quoteId: string; now: string; lineId: string; quantity?: Quantity; unitPrice?: Money; discount?: Rate } }
  | { type: 'RemoveQuoteLine'; data: { quoteId: string; now: string; lineId: string } }
  | { type: 'SendQuote'; data: { quoteId: string; now: string } }
  | { type: 'AcceptQuote'; data: { quoteId: string; now: string } }
  | { type: 'DeclineQuote'; data: { quoteId: string; now: string } }
  | { type: 'ConvertQuote'; data: { quoteId: string; now: string; orderId: string } };

export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'declined';
/** The status a reader sees at a moment: the recorded one, or `expired` for an open quote past validUntil. */
export type QuoteStatusAt = QuoteStatus | 'expired';

export interface ExistingQuote {
  status: QuoteStatus;
  quoteId: string;
  customerId: string;
  currency: string;
  validUntil: string;
  lines: QuoteLine[];
  billingAddress: Address | null;
  shippingAddress: Address | null;
  /** The order it was converted into; null until then. */
  orderId: string | null;
}

export type QuoteState = { status: 'none' } | ExistingQuote;

export const quoteDecider: Decider<QuoteState, QuoteCommand, QuoteEvent> = {
  initialState: { status: 'none' },
  decide: decideQuote,
  evolve: evolveQuote,
};

/** Open: draft, sent, or accepted but not converted yet. Only an open quote can expire. */
export function quoteStatusAt(quote: ExistingQuote, now: string): QuoteStatusAt {
  const open = quote.status === 'draft' || quote.status === 'sent' || (quote.status === 'accepted' && quote.orderId === null);
  return open && Date.parse(now) >= expiresAt(quote.validUntil) ? 'expired' : quote.status;
}

export function quoteTotals(quote: Pick<ExistingQuote, 'lines' | 'currency'>): Amounts {
  return totalAmounts(quote.lines.map((line) => lineAmounts(line, quote.currency)), quote.currency);
}

function decideQuote(command: QuoteCommand, state: QuoteState): QuoteEvent[] {
  if (command.type === 'DraftQuote') return draft(command.data, state);
  const quote = existing(state, command.data.quoteId);
  const { quoteId } = quote;
  // A converted quote is closed (it never expires): a retried convert finds its order and writes nothing.
  if (command.type === 'ConvertQuote' && quote.orderId !== null) {
    if (quote.orderId === command.data.orderId) return [];
    throw new DomainError('QUOTE_ALREADY_CONVERTED', `Quote ${quoteId} was converted into order ${quote.orderId}`, { orderId: quote.orderId });
  }
  // An expired quote is dead: nothing more happens to it, whatever the command.
  const status = quoteStatusAt(quote, command.data.now);
  if (status === 'expired') {
    throw new DomainError('QUOTE_EXPIRED', `Quote ${quoteId} expired: it was valid until ${quote.validUntil}`, { validUntil: quote.validUntil });
  }
  switch (command.type) {
    case 'AddQuoteLine': {
      requireDraft(quote);
      const { line } = command.data;
      // Line ids derive from an Idempotency-Key: a retry whose first attempt landed finds its line here.
      if (quote.lines.some((l) => l.lineId === line.lineId)) {
        throw new DomainError('LINE_EXISTS', `Quote ${quoteId} already has line ${line.lineId}`, { lineId: line.lineId });
      }
      return [{ type: 'QuoteLineAdded', data: { quoteId, line: priceLine(line, quote.currency, 'quote') } }];
    }
    case 'ChangeQuoteLine': {
      requireDraft(quote);
      const line = findLine(quote, command.data.lineId);
      const quantity = command.data.quantity === undefined ? line.quantity : quantityField('quantity', command.data.quantity);
      const unitPrice = command.data.unitPrice === undefined ? line.unitPrice : moneyField('unitPrice', command.data.unitPrice, quote.currency);
      const discount = command.data.discount === undefined ? line.discount : rateField('discount', command.data.discount);
      if (quantity === line.quantity && unitPrice === line.unitPrice && discount === line.discount) return [];
      return [{ type: 'QuoteLineChanged', data: { quoteId, lineId: line.lineId, sku: line.sku, quantity, unitPrice, discount } }];
    }
    case 'RemoveQuoteLine': {
      requireDraft(quote);
      const line = findLine(quote, command.data.lineId);
      return [{ type: 'QuoteLineRemoved', data: { quoteId, lineId: line.lineId, sku: line.sku } }];
    }
    case 'SendQuote':
      requireStatus(quote, 'draft', 'send');
      if (quote.lines.length === 0) throw new DomainError('QUOTE_HAS_NO_LINES', 'The quote has no lines: add one before sending it');
      return [{ type: 'QuoteSent', data: { quoteId } }];
    case 'AcceptQuote':
      requireStatus(quote, 'sent', 'accept');
      return [{ type: 'QuoteAccepted', data: { quoteId, customerId: quote.customerId, totals: quoteTotals(quote) } }];
    case 'DeclineQuote':
      requireStatus(quote, 'sent', 'decline');
      return [{ type: 'QuoteDeclined', data: { quoteId } }];
    case 'ConvertQuote':
      requireStatus(quote, 'accepted', 'convert');
      return [{ type: 'QuoteConverted', data: { quoteId, orderId: command.data.orderId } }];
    default:
      return assertNever(command);
  }
}

/** Folds one event into the quote. Never throws: an event is a fact, whatever the state says. */
function evolveQuote(state: QuoteState, event: QuoteEvent): QuoteState {
  if (event.type === 'QuoteDrafted') {
    const { billingAddress, shippingAddress, ...data } = event.data;
    return { ...data, billingAddress: billingAddress ?? null, shippingAddress: shippingAddress ?? null, status: 'draft', orderId: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'QuoteLineAdded':
      return { ...state, lines: [...state.lines, event.data.line] };
    case 'QuoteLineChanged': {
      const { lineId, quantity, unitPrice, discount } = event.data;
      return { ...state, lines: state.lines.map((l) => (l.lineId === lineId ? { ...l, quantity, unitPrice, discount } : l)) };
    }
    case 'QuoteLineRemoved':
      return { ...state, lines: state.lines.filter((l) => l.lineId !== event.data.lineId) };
    case 'QuoteSent':
      return { ...state, status: 'sent' };
    case 'QuoteAccepted':
      return { ...state, status: 'accepted' };
    case 'QuoteDeclined':
      return { ...state, status: 'declined' };
    case 'QuoteConverted':
      return { ...state, orderId: event.data.orderId };
    default:
      return assertNever(event);
  }
}

function draft(data: Extract<QuoteCommand, { type: 'DraftQuote' }>['data'], state: QuoteState): QuoteEvent[] {
  if (state.status !== 'none') throw new DomainError('QUOTE_EXISTS', `Quote ${data.quoteId} already exists`);
  const { customer } = data;
  if (!customer.exists) throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customer.customerId} does not exist`);
  if (customer.blocked) throw new DomainError('CUSTOMER_BLOCKED', `Customer ${customer.customerId} is blocked: no new quotes`);
  const validUntil = validity(data.validUntil, data.now);
  const seen = new Set<string>();
  const lines = data.lines.map((line, i) => {
    if (seen.has(line.lineId)) throw new InvalidInputError(`lines[${i}].lineId`, `line ${line.lineId} is named twice`);
    seen.add(line.lineId);
    return priceLine(line, data.currency, 'quote');
  });
  const { billingAddress, shippingAddress } = data;
  return [{ type: 'QuoteDrafted', data: { quoteId: data.quoteId, customerId: customer.customerId, currency: data.currency, validUntil, lines, billingAddress, shippingAddress } }];
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// An offset is required: a local time would mean a different instant on every server.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The requested validUntil in canonical form (a date, or an instant in UTC), or the default. */
function validity(requested: string | null, now: string): string {
  if (requested === null) return new Date(startOfDay(now) + DEFAULT_VALIDITY_DAYS * DAY_MS).toISOString().slice(0, 10);
  const isDate = DATE.test(requested);
  const dateTime = DATE_TIME.exec(requested);
  const valid = isDate ? isCalendarDate(requested) : dateTime !== null && isCalendarDate(dateTime[1]) && !Number.isNaN(Date.parse(requested));
  if (!valid) throw new InvalidInputError('validUntil', 'validUntil must be an ISO 8601 date (2026-05-31) or date-time with offset, from 1900 to 2999');
  const validUntil = isDate ? requested : new Date(Date.parse(requested)).toISOString();
  // A quote born expired could never be sent or accepted: refuse it rather than record a dead document.
  if (Date.parse(now) >= expiresAt(validUntil)) throw new InvalidInputError('validUntil', `validUntil ${requested} has already passed`);
  return validUntil;
}

/** The first instant at which the quote is no longer valid: a date is valid through its whole day (UTC). */
function expiresAt(validUntil: string): number {
  return DATE.test(validUntil) ? Date.parse(`${validUntil}T00:00:00Z`) + DAY_MS : Date.parse(validUntil) + 1;
}

function startOfDay(instant: string): number {
  return Date.parse(`${new Date(Date.parse(instant)).toISOString().slice(0, 10)}T00:00:00Z`);
}


function existing(state: QuoteState, quoteId: string): ExistingQuote {
  if (state.status === 'none') throw new NotFoundError('QUOTE_NOT_FOUND', `Quote ${quoteId} does not exist`);
  return state;
}

function requireDraft(quote: ExistingQuote): void {
  if (quote.status !== 'draft') {
    throw new DomainError('QUOTE_NOT_EDITABLE', `Quote ${quote.quoteId} is ${quote.status}: only a draft's lines can change`, {
      // Not `status`: that name belongs to the problem body's HTTP status.
      quoteStatus: quote.status,
    });
  }
}

function requireStatus(quote: ExistingQuote, allowed: QuoteStatus, action: string): void {
  if (quote.status !== allowed) {
    throw new DomainError('INVALID_TRANSITION', `Quote ${quote.quoteId} is ${quote.status}: it cannot ${action}`, { from: quote.status, action });
  }
}

function findLine(quote: ExistingQuote, lineId: string): QuoteLine {
  const line = quote.lines.find((l) => l.lineId === lineId);
  if (!line) throw new NotFoundError('LINE_NOT_FOUND', `Quote ${quote.quoteId} has no line ${lineId}`);
  return line;
}
