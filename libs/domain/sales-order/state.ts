import { assertNever } from '../shared/decider';
import { addQuantities, subtractQuantity, Quantity } from '../shared/quantity';
import { LineQuantity, OrderEvent, OrderFields, OrderLineSnapshot } from './events';

export type { OrderFields };

export const ORDER_STATUSES = ['draft', 'sent', 'confirmed', 'locked', 'canceled', 'discarded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLineState extends OrderLineSnapshot {
  shippedQuantity: Quantity;
  invoicedQuantity: Quantity;
  /** Grows with credit notes (issue 5); kept here so the line shape is final. */
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

export type OrderState =
  | { status: 'none' }
  | (OrderFields & { status: OrderStatus; lines: OrderLineState[]; shipments: ShipmentState[]; invoiceIds: string[] });

export type ExistingOrder = Exclude<OrderState, { status: 'none' }>;

export const initialOrderState: OrderState = { status: 'none' };

/** Folds one event into the order. Never throws: an event is a fact, whatever the state says. */
export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderDrafted') {
    const { lines, orderType, ...fields } = event.data;
    return { ...fields, orderType, status: 'draft', lines: lines.map(newLine), shipments: [], invoiceIds: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OrderDetailsChanged':
      return { ...state, ...event.data.changes };
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
      return { ...state, status: 'confirmed' };
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
      };
    case 'OrderLocked':
      return { ...state, status: 'locked' };
    case 'OrderCanceled':
      return { ...state, status: 'canceled' };
    default:
      return assertNever(event);
  }
}

const newLine = (line: OrderLineSnapshot): OrderLineState => ({ ...line, shippedQuantity: 0, invoicedQuantity: 0, creditedQuantity: 0 });

function adjust(
  lines: OrderLineState[],
  changes: readonly LineQuantity[],
  field: 'shippedQuantity' | 'invoicedQuantity',
  apply: (a: Quantity, b: Quantity) => Quantity,
): OrderLineState[] {
  return lines.map((line) =>
    changes.filter((c) => c.lineId === line.lineId).reduce<OrderLineState>((l, c) => ({ ...l, [field]: apply(l[field], c.quantity) }), line),
  );
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
