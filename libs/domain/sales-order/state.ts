import { assertNever } from '../shared/decider';
import { ExchangeRate } from '../shared/exchange';
import { Amounts } from '../shared/line-amounts';
import { Money, addMoney } from '../shared/money';
import { addQuantities, subtractQuantity, Quantity } from '../shared/quantity';
import { InvoiceLine, LineQuantity, OrderEvent, OrderFields, OrderLineSnapshot } from './events';

export type { OrderFields };

export const ORDER_STATUSES = ['draft', 'sent', 'confirmed', 'locked', 'canceled', 'discarded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLineState extends OrderLineSnapshot {
  shippedQuantity: Quantity;
  /**
   * What is invoiced and still billed: net of credit notes that reopen billing (those lower it again, so
   * the quantity may be invoiced anew). The OVER_INVOICE and QUANTITY_BELOW_FULFILLED rules read this.
   */
  invoicedQuantity: Quantity;
  /**
   * Credited by credit notes that do NOT reopen billing (a price allowance): the line stays invoiced, so
   * this never makes room for another invoice. Reopening credits show in `invoicedQuantity` instead.
   */
  creditedQuantity: Quantity;
}

export interface ShipmentLineState {
  lineId: string;
  sku: string;
  quantity: Quantity;
  returnedQuantity: Quantity;
}

/** `shipped` is the only active status: goods left and delivery is not confirmed yet. */
export type ShipmentStatus = 'shipped' | 'delivered' | 'returned';

export interface ShipmentState {
  shipmentId: string;
  status: ShipmentStatus;
  lines: ShipmentLineState[];
}

/** An issued invoice's line and what credit notes (reopening or not) took off it so far. */
export interface InvoiceLineState extends InvoiceLine {
  creditedQuantity: Quantity;
  creditedNet: Money;
  creditedTax: Money;
}

/**
 * An issued invoice as the order keeps it, so credit notes can be decided against it: never more than
 * invoiced and not yet credited, per line (domain.md "Invoices").
 */
export interface InvoiceState {
  invoiceId: string;
  currency: string;
  exchangeRate: ExchangeRate;
  baseCurrency: string;
  totals: Amounts;
  baseTotals: Amounts;
  lines: InvoiceLineState[];
  /** Σ baseTotals of the credit notes on this invoice (gross is net + tax). */
  creditedBase: { net: Money; tax: Money };
}

export type OrderState =
  | { status: 'none' }
  | (OrderFields & {
      status: OrderStatus;
      /** The order's rate to the base currency: as drafted / changed, then as confirmed. null: none given. */
      exchangeRate: ExchangeRate | null;
      lines: OrderLineState[];
      shipments: ShipmentState[];
      invoiceIds: string[];
      invoices: InvoiceState[];
      creditNoteIds: string[];
    });

export type ExistingOrder = Exclude<OrderState, { status: 'none' }>;

export const initialOrderState: OrderState = { status: 'none' };

/** Folds one event into the order. Never throws: an event is a fact, whatever the state says. */
export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderDrafted') {
    const { lines, orderType, billingAddress, channel, ...fields } = event.data;
    return {
      ...fields,
      billingAddress: billingAddress ?? null,
      channel: channel ?? 'manual',
      orderType,
      status: 'draft',
      lines: lines.map(newLine),
      shipments: [],
      invoiceIds: [],
      invoices: [],
      creditNoteIds: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OrderDetailsChanged':
      return { ...state, ...definedOnly(event.data.changes) };
    case 'OrderLineAdded':
      return { ...state, lines: [...state.lines, newLine(event.data.line)] };
    case 'OrderLineChanged': {
      const { lineId, quantity, unitPrice, discount } = event.data;
      return { ...state, lines: state.lines.map((l) => (l.lineId === lineId ? { ...l, quantity, unitPrice, discount } : l)) };
    }
    case 'OrderLineRemoved':
      return { ...state, lines: state.lines.filter((l) => l.lineId !== event.data.lineId) };
    case 'OrderReturnedToDraft':
      return { ...state, status: 'draft' };
    case 'OrderDiscarded':
      return { ...state, status: 'discarded' };
    case 'OrderSent':
      return { ...state, status: 'sent' };
    case 'OrderConfirmed':
      // The rate the order was confirmed at is the order's rate (a base-currency order: "1"). An order
      // confirmed before rates were recorded has none on its event and keeps its drafted one (none then).
      // No upcaster fills this in: the event does not name the order's currency (docs/adr/0017).
      return { ...state, status: 'confirmed', exchangeRate: event.data.exchangeRate ?? state.exchangeRate };
    case 'LinesShipped':
      return {
        ...state,
        lines: adjust(state.lines, event.data.lines, 'shippedQuantity', addQuantities),
        shipments: [
          ...state.shipments,
          { shipmentId: event.data.shipmentId, status: 'shipped', lines: event.data.lines.map((l) => ({ ...l, returnedQuantity: 0 })) },
        ],
      };
    case 'ShipmentDelivered':
      return { ...state, shipments: state.shipments.map((s) => (s.shipmentId === event.data.shipmentId ? { ...s, status: 'delivered' } : s)) };
    case 'ShipmentLinesReturned':
      return {
        ...state,
        lines: adjust(state.lines, event.data.lines, 'shippedQuantity', subtractQuantity),
        shipments: state.shipments.map((s) => (s.shipmentId === event.data.shipmentId ? withReturns(s, event.data.lines) : s)),
      };
    case 'InvoiceIssued':
      return {
        ...state,
        lines: adjust(state.lines, event.data.lines, 'invoicedQuantity', addQuantities),
        invoiceIds: [...state.invoiceIds, event.data.invoiceId],
        invoices: [...state.invoices, newInvoice(event.data)],
      };
    case 'CreditNoteIssued': {
      const { invoiceId, creditNoteId, reopenBilling, lines, baseTotals } = event.data;
      return {
        ...state,
        // Reopening credits give the quantity back to billing; the others are remembered as credited.
        lines: reopenBilling
          ? adjust(state.lines, lines, 'invoicedQuantity', subtractQuantity)
          : adjust(state.lines, lines, 'creditedQuantity', addQuantities),
        invoices: state.invoices.map((inv) => (inv.invoiceId === invoiceId ? withCredit(inv, lines, baseTotals) : inv)),
        creditNoteIds: [...state.creditNoteIds, creditNoteId],
      };
    }
    case 'OrderLocked':
      return { ...state, status: 'locked' };
    case 'OrderCanceled':
      return { ...state, status: 'canceled' };
    default:
      return assertNever(event);
  }
}

const newLine = (line: OrderLineSnapshot): OrderLineState => ({ ...line, shippedQuantity: 0, invoicedQuantity: 0, creditedQuantity: 0 });

function newInvoice(data: Extract<OrderEvent, { type: 'InvoiceIssued' }>['data']): InvoiceState {
  const { currency, totals } = data;
  const zero = addMoney(currency);
  return {
    invoiceId: data.invoiceId,
    currency,
    exchangeRate: data.exchangeRate,
    baseCurrency: data.baseCurrency,
    totals,
    baseTotals: data.baseTotals,
    lines: data.lines.map((line) => ({ ...line, creditedQuantity: 0, creditedNet: zero, creditedTax: zero })),
    creditedBase: { net: addMoney(data.baseCurrency), tax: addMoney(data.baseCurrency) },
  };
}

function withCredit(invoice: InvoiceState, credited: readonly InvoiceLine[], baseTotals: Amounts): InvoiceState {
  const { currency, baseCurrency } = invoice;
  return {
    ...invoice,
    lines: invoice.lines.map((line) =>
      credited
        .filter((c) => c.lineId === line.lineId)
        .reduce<InvoiceLineState>(
          (l, c) => ({
            ...l,
            creditedQuantity: addQuantities(l.creditedQuantity, c.quantity),
            creditedNet: addMoney(currency, l.creditedNet, c.net),
            creditedTax: addMoney(currency, l.creditedTax, c.tax),
          }),
          line,
        ),
    ),
    creditedBase: {
      net: addMoney(baseCurrency, invoice.creditedBase.net, baseTotals.net),
      tax: addMoney(baseCurrency, invoice.creditedBase.tax, baseTotals.tax),
    },
  };
}

function adjust(
  lines: OrderLineState[],
  changes: readonly LineQuantity[],
  field: 'shippedQuantity' | 'invoicedQuantity' | 'creditedQuantity',
  apply: (a: Quantity, b: Quantity) => Quantity,
): OrderLineState[] {
  return lines.map((line) =>
    changes.filter((c) => c.lineId === line.lineId).reduce<OrderLineState>((l, c) => ({ ...l, [field]: apply(l[field], c.quantity) }), line),
  );
}

/** A change recorded as `undefined` (never written by decide, but possible in JSON-less fixtures) changes nothing. */
function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Returned goods come off the shipment; once everything came back it is no longer active. */
function withReturns(shipment: ShipmentState, returned: readonly LineQuantity[]): ShipmentState {
  const lines = shipment.lines.map((line) => {
    const back = returned.filter((r) => r.lineId === line.lineId).reduce((sum, r) => addQuantities(sum, r.quantity), 0);
    return { ...line, returnedQuantity: addQuantities(line.returnedQuantity, back) };
  });
  const allBack = lines.every((l) => l.returnedQuantity >= l.quantity);
  return { ...shipment, lines, status: allBack ? 'returned' : shipment.status };
}
