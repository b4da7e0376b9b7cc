import { BASE_RATE, ExchangeRate } from '../shared/exchange';
import { BaseCurrencyFacts, OrderEvent } from './events';

/**
 * Older payload shapes of the order's events that stay in the log (docs/events/README.md "Evolving a
 * type"), and how each reads in today's shape. Pure: the upcasters (libs/contracts/upcasters.ts) run
 * these on every event read, so deciders and projections only ever see the current shape.
 */

type Data<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>['data'];

/**
 * The order as drafted, before `exchangeRate` was required: orders drafted before exchange rates were
 * recorded lack it; later version-1 events carry it (null until given), as version 2 always does.
 */
export type OrderDraftedV1 = Omit<Data<'OrderDrafted'>, 'exchangeRate' | 'billingAddress' | 'channel'> & {
  /** Base-currency units per order-currency unit (ADR 0007); null until given, absent on orders drafted before rates were recorded. */
  exchangeRate?: ExchangeRate | null;
};

/** v1 → v2: an order drafted before exchange rates were recorded has no rate (null), as if none were given. */
export function orderDraftedFromV1(data: OrderDraftedV1): Data<'OrderDrafted'> {
  return { ...data, exchangeRate: data.exchangeRate ?? null };
}

/**
 * An invoice issued on the order, before its base-currency facts were required: invoices issued before
 * exchange rates were recorded lack `exchangeRate`, `baseCurrency` and `baseTotals`; later version-1
 * events carry all three, as version 2 always does.
 */
export type InvoiceIssuedV1 = Omit<Data<'InvoiceIssued'>, keyof BaseCurrencyFacts> & Partial<BaseCurrencyFacts>;

/**
 * v1 → v2: an invoice issued before exchange rates were recorded is kept in its own currency at rate "1"
 * (its base currency is its currency, its base totals its totals): the figures it was posted and
 * settled at when it was issued. A version-1 event that has the facts keeps them.
 */
export function invoiceIssuedFromV1(data: InvoiceIssuedV1): Data<'InvoiceIssued'> {
  return {
    ...data,
    exchangeRate: data.exchangeRate ?? BASE_RATE,
    baseCurrency: data.baseCurrency ?? data.currency,
    baseTotals: data.baseTotals ?? data.totals,
  };
}
