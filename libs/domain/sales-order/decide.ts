import { dateField } from '../shared/calendar';
import { assertNever } from '../shared/decider';
import { DomainError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { BASE_RATE, ExchangeRate, baseAmounts, effectiveRate, exchangeRateField } from '../shared/exchange';
import { Amounts, lineAmounts, totalAmounts } from '../shared/line-amounts';
import { DecimalMath, Money, addMoney, moneyField, rateField, roundMoney } from '../shared/money';
import { addQuantities, Quantity, quantityField, subtractQuantity } from '../shared/quantity';
import { priceLine } from '../shared/pricing';
import { CustomerFacts, OrderCommand, OrderDetailChanges } from './commands';
import { checkCredit } from './credit-check';
import { InvoiceLine, LineQuantity, OrderEvent, OrderType } from './events';
import { ExistingOrder, InvoiceLineState, InvoiceState, OrderLineState, OrderState, OrderStatus } from './state';

/**
 * The rules of domain.md "Sales orders", "Shipments" and "Invoices", one command at a time.
 * Every refusal is a DomainError with a stable code (docs/product-decisions.md lists them).
 */
export function decideOrder(command: OrderCommand, state: OrderState): OrderEvent[] {
  if (command.type === 'DraftOrder') return draft(command.data, state);
  const order = existing(state, command.data.orderId);
  const { orderId } = order;
  switch (command.type) {
    case 'ChangeOrderDetails': {
      const changes = Object.fromEntries(
        Object.entries(canonicalDetails(command.data.changes)).filter(
          ([key, value]) => value !== undefined && JSON.stringify(order[key as keyof typeof command.data.changes]) !== JSON.stringify(value),
        ),
      );
      if (Object.keys(changes).length === 0) return [];
      // Header fields are part of what the customer agreed to: like lines, a sent order goes back to draft.
      return editDetails(order, [{ type: 'OrderDetailsChanged', data: { orderId, changes } }]);
    }
    case 'AddLine':
      return editLines(order, [{ type: 'OrderLineAdded', data: { orderId, line: priceLine(command.data.line, order.currency, 'order') } }]);
    case 'ChangeLine': {
      const line = findLine(order, command.data.lineId);
      const quantity = command.data.quantity === undefined ? line.quantity : quantityField('quantity', command.data.quantity);
      const fulfilled = Math.max(line.shippedQuantity, line.invoicedQuantity);
      if (quantity < fulfilled) {
        throw new DomainError('QUANTITY_BELOW_FULFILLED', `Line ${line.lineId} has ${fulfilled} shipped or invoiced; it cannot drop to ${quantity}`, {
          lineId: line.lineId,
          shippedQuantity: line.shippedQuantity,
          invoicedQuantity: line.invoicedQuantity,
        });
      }
      const unitPrice = command.data.unitPrice === undefined ? line.unitPrice : moneyField('unitPrice', command.data.unitPrice, order.currency);
      const discount = command.data.discount === undefined ? line.discount : rateField('discount', command.data.discount);
      if (quantity === line.quantity && unitPrice === line.unitPrice && discount === line.discount) return [];
      return editLines(order, [
        { type: 'OrderLineChanged', data: { orderId, lineId: line.lineId, sku: line.sku, quantity, unitPrice, discount, previousQuantity: line.quantity } },
      ]);
    }
    case 'RemoveLine': {
      const line = findLine(order, command.data.lineId);
      // Any shipment or invoice ever made on the line counts, even one returned or credited since.
      const hasActivity =
        line.shippedQuantity > 0 ||
        line.invoicedQuantity > 0 ||
        order.shipments.some((s) => s.lines.some((l) => l.lineId === line.lineId)) ||
        order.invoices.some((i) => i.lines.some((l) => l.lineId === line.lineId));
      if (hasActivity) {
        throw new DomainError('LINE_HAS_ACTIVITY', `Line ${line.lineId} has shipments or invoices and cannot be removed`, { lineId: line.lineId });
      }
      return editLines(order, [{ type: 'OrderLineRemoved', data: { orderId, lineId: line.lineId, sku: line.sku, quantity: line.quantity } }]);
    }
    case 'DiscardDraft':
      requireStatus(order, ['draft'], 'discard', 'only a draft is discarded; cancel a sent or confirmed order');
      return [{ type: 'OrderDiscarded', data: { orderId, reason: command.data.reason ?? null } }];
    case 'SendOrder':
      requireStatus(order, ['draft'], 'send');
      requireLines(order);
      return [{ type: 'OrderSent', data: { orderId } }];
    case 'ConfirmOrder':
      return confirm(order, command.data);
    case 'ShipLines':
      return ship(order, command.data.shipmentId, command.data.lines);
    case 'DeliverShipment': {
      const shipment = findShipment(order, command.data.shipmentId);
      if (shipment.status !== 'shipped') {
        throw new DomainError('INVALID_TRANSITION', `Shipment ${shipment.shipmentId} is ${shipment.status}, not shipped`, { from: shipment.status, to: 'delivered' });
      }
      return [{ type: 'ShipmentDelivered', data: { orderId, shipmentId: shipment.shipmentId } }];
    }
    case 'ReturnShipmentLines':
      return returnLines(order, command.data.shipmentId, command.data.lines);
    case 'InvoiceLines':
      return invoice(order, command.data);
    case 'IssueCreditNote':
      return creditNote(order, command.data);
    case 'LockOrder':
      return lock(order);
    case 'CancelOrder': {
      requireStatus(order, ['sent', 'confirmed', 'locked'], 'cancel', order.status === 'draft' ? 'a draft is discarded, not canceled' : undefined);
      const active = activeShipments(order);
      if (active.length > 0) {
        throw new DomainError('ACTIVE_SHIPMENTS', 'An order with active shipments cannot be canceled: deliver or return them first', { shipmentIds: active });
      }
      const releasedReservations = order.status === 'sent' ? [] : openReservations(order);
      return [{ type: 'OrderCanceled', data: { orderId, reason: command.data.reason ?? null, releasedReservations } }];
    }
    default:
      return assertNever(command);
  }
}

function draft(data: Extract<OrderCommand, { type: 'DraftOrder' }>['data'], state: OrderState): OrderEvent[] {
  if (state.status !== 'none') throw new DomainError('ORDER_EXISTS', `Order ${data.orderId} already exists`);
  requireCustomer(data.customer);
  const { customer, lines, exchangeRate, ...fields } = data;
  return [
    {
      type: 'OrderDrafted',
      data: {
        ...fields,
        customerId: customer.customerId,
        requestedDeliveryDate: fields.requestedDeliveryDate === null ? null : dateField('requestedDeliveryDate', fields.requestedDeliveryDate),
        exchangeRate: exchangeRate === undefined || exchangeRate === null ? null : exchangeRateField('exchangeRate', exchangeRate),
        lines: uniqueLines(lines).map((line) => priceLine(line, data.currency, 'order')),
      },
    },
  ];
}

/** Detail changes validated and canonical, so an exchange rate "1.10" over "1.1" changes nothing. */
function canonicalDetails(changes: OrderDetailChanges): OrderDetailChanges {
  const { exchangeRate, requestedDeliveryDate } = changes;
  return {
    ...changes,
    ...(exchangeRate === undefined || exchangeRate === null ? {} : { exchangeRate: exchangeRateField('exchangeRate', exchangeRate) }),
    ...(requestedDeliveryDate === undefined || requestedDeliveryDate === null ? {} : { requestedDeliveryDate: dateField('requestedDeliveryDate', requestedDeliveryDate) }),
  };
}

/** Line edits: any time before locking; a sent order goes back to draft first. */
function editLines(order: ExistingOrder, events: OrderEvent[]): OrderEvent[] {
  if (order.status === 'draft' || order.status === 'confirmed') return events;
  if (order.status === 'sent') return [{ type: 'OrderReturnedToDraft', data: { orderId: order.orderId } }, ...events];
  throw new DomainError('ORDER_NOT_EDITABLE', `A ${order.status} order's lines cannot change`, { orderStatus: order.status });
}

/** Header fields change only before confirmation (domain.md: a draft is fully editable). */
function editDetails(order: ExistingOrder, events: OrderEvent[]): OrderEvent[] {
  if (order.status === 'draft') return events;
  if (order.status === 'sent') return [{ type: 'OrderReturnedToDraft', data: { orderId: order.orderId } }, ...events];
  throw new DomainError('ORDER_NOT_EDITABLE', `A ${order.status} order's details cannot change`, { orderStatus: order.status });
}

/**
 * Confirmation fixes the order's rate to the base currency ("1" for a base-currency order, whatever the
 * draft said), its totals in the base currency, and checks the customer's credit limit against them.
 */
function confirm(order: ExistingOrder, data: Extract<OrderCommand, { type: 'ConfirmOrder' }>['data']): OrderEvent[] {
  requireStatus(order, ['draft', 'sent'], 'confirm');
  requireCustomer(data.customer);
  requireLines(order);
  const { baseCurrency } = data;
  const inBase = order.currency === baseCurrency;
  const exchangeRate = requireRate(order.currency, baseCurrency, inBase ? BASE_RATE : effectiveRate(order.currency, baseCurrency, order.exchangeRate));
  const reservations = order.lines.filter((l) => l.kind === 'stocked').map(({ lineId, sku, quantity }) => ({ lineId, sku, quantity }));
  const totals = totalAmounts(order.lines.map((l) => lineAmounts(l, order.currency)), order.currency);
  const baseTotals = baseAmounts(totals, exchangeRate, baseCurrency);
  const creditCheck = checkCredit(data.credit, baseTotals.gross, baseCurrency);
  return [
    {
      type: 'OrderConfirmed',
      data: { orderId: order.orderId, customerId: order.customerId, reservations, totals, exchangeRate, baseCurrency, baseTotals, creditCheck },
    },
  ];
}

function requireRate(currency: string, baseCurrency: string, rate: ExchangeRate | null): ExchangeRate {
  if (rate === null) {
    throw new DomainError('EXCHANGE_RATE_REQUIRED', `A document in ${currency} needs an exchange rate to the base currency ${baseCurrency}`, {
      currency,
      baseCurrency,
    });
  }
  return rate;
}

function ship(order: ExistingOrder, shipmentId: string, requested: readonly { lineId: string; quantity: Quantity }[]): OrderEvent[] {
  requireConfirmed(order, 'ship');
  if (order.shipments.some((s) => s.shipmentId === shipmentId)) throw new DomainError('SHIPMENT_EXISTS', `Shipment ${shipmentId} already exists`);
  const lines = uniqueLines(requested).map(({ lineId, quantity }) => {
    const line = findLine(order, lineId);
    if (line.kind !== 'stocked') throw new DomainError('LINE_NOT_STOCKED', `Line ${lineId} is a service: services are never shipped`, { lineId });
    const shipped = addQuantities(line.shippedQuantity, quantity);
    if (shipped > line.quantity) {
      throw new DomainError('OVER_SHIPMENT', `Line ${lineId}: ${line.shippedQuantity} shipped + ${quantity} would exceed ${line.quantity} ordered`, {
        lineId,
        ordered: line.quantity,
        shipped: line.shippedQuantity,
        requested: quantity,
      });
    }
    return { lineId, sku: line.sku, quantity };
  });
  return [{ type: 'LinesShipped', data: { orderId: order.orderId, shipmentId, lines } }];
}

function returnLines(order: ExistingOrder, shipmentId: string, requested: readonly { lineId: string; quantity: Quantity }[]): OrderEvent[] {
  const shipment = findShipment(order, shipmentId);
  const lines = uniqueLines(requested).map(({ lineId, quantity }) => {
    const shipped = shipment.lines.find((l) => l.lineId === lineId);
    if (!shipped) throw new NotFoundError('LINE_NOT_FOUND', `Shipment ${shipmentId} has no line ${lineId}`);
    const returnable = subtractQuantity(shipped.quantity, shipped.returnedQuantity);
    if (quantity > returnable) {
      throw new DomainError('OVER_RETURN', `Line ${lineId}: only ${returnable} of shipment ${shipmentId} can still come back`, {
        lineId,
        shipped: shipped.quantity,
        returned: shipped.returnedQuantity,
        requested: quantity,
      });
    }
    return { lineId, sku: shipped.sku, quantity };
  });
  return [{ type: 'ShipmentLinesReturned', data: { orderId: order.orderId, shipmentId, lines } }];
}

function invoice(order: ExistingOrder, data: Extract<OrderCommand, { type: 'InvoiceLines' }>['data']): OrderEvent[] {
  requireConfirmed(order, 'invoice');
  if (order.invoiceIds.includes(data.invoiceId)) throw new DomainError('INVOICE_EXISTS', `Invoice ${data.invoiceId} already exists`);
  const exchangeRate = invoiceRate(order, data.baseCurrency, data.exchangeRate);
  const policy = order.invoicePolicy ?? data.customer.invoicePolicy;
  const lines: InvoiceLine[] = uniqueLines(data.lines).map(({ lineId, quantity }) => {
    const line = findLine(order, lineId);
    // Services are never shipped, so they always invoice on what was ordered (domain.md).
    const onShipped = policy === 'delivered' && line.kind === 'stocked';
    const limit = onShipped ? line.shippedQuantity : line.quantity;
    if (addQuantities(line.invoicedQuantity, quantity) > limit) {
      throw new DomainError(
        'OVER_INVOICE',
        `Line ${lineId}: ${line.invoicedQuantity} invoiced + ${quantity} would exceed ${limit} ${onShipped ? 'shipped (invoice policy "delivered")' : 'ordered'}`,
        { lineId, limit, basis: onShipped ? 'shipped' : 'ordered', invoiced: line.invoicedQuantity, requested: quantity },
      );
    }
    const priced = { quantity, unitPrice: line.unitPrice, discount: line.discount, taxRate: line.taxRate };
    return { lineId, sku: line.sku, ...priced, ...lineAmounts(priced, order.currency) };
  });
  const totals = totalAmounts(lines, order.currency);
  return [
    {
      type: 'InvoiceIssued',
      data: {
        orderId: order.orderId,
        invoiceId: data.invoiceId,
        customerId: order.customerId,
        currency: order.currency,
        invoiceDate: dateField('invoiceDate', data.invoiceDate),
        dueDate: addDays(data.invoiceDate, data.customer.paymentTermsDays),
        lines,
        totals,
        exchangeRate,
        baseCurrency: data.baseCurrency,
        baseTotals: baseAmounts(totals, exchangeRate, data.baseCurrency),
      },
    },
  ];
}

/**
 * An invoice's rate: its own (a base-currency invoice's can only be "1"), else the order's, else "1" in
 * the base currency. A foreign-currency order confirmed before orders carried exchange rates has no rate: the invoice must give one.
 */
function invoiceRate(order: ExistingOrder, baseCurrency: string, given: ExchangeRate | undefined): ExchangeRate {
  const inBase = order.currency === baseCurrency;
  if (given !== undefined) {
    const rate = exchangeRateField('exchangeRate', given);
    if (inBase && rate !== BASE_RATE) {
      throw new InvalidInputError('exchangeRate', `An invoice in the base currency ${baseCurrency} has exchange rate "1"`);
    }
    return rate;
  }
  return requireRate(order.currency, baseCurrency, inBase ? BASE_RATE : effectiveRate(order.currency, baseCurrency, order.exchangeRate));
}

/**
 * A credit note corrects whole or partial lines of one issued invoice, never more than was invoiced and
 * not yet credited (domain.md "Invoices"), whatever the order's status now (a canceled order's invoices
 * are corrected this way). It is priced like the invoice, line by line, except that the credit taking a
 * line's last uncredited quantity takes exactly what is left of the line's amounts, and the note that
 * credits the invoice completely takes exactly what is left of its base totals: crediting an invoice in
 * pieces returns exactly its totals, in both currencies.
 */
function creditNote(order: ExistingOrder, data: Extract<OrderCommand, { type: 'IssueCreditNote' }>['data']): OrderEvent[] {
  const inv = order.invoices.find((i) => i.invoiceId === data.invoiceId);
  if (!inv) throw new NotFoundError('INVOICE_NOT_FOUND', `Order ${order.orderId} has no invoice ${data.invoiceId}`);
  if (order.creditNoteIds.includes(data.creditNoteId)) throw new DomainError('CREDIT_NOTE_EXISTS', `Credit note ${data.creditNoteId} already exists`);
  if (data.lines.length === 0) throw new InvalidInputError('lines', 'a credit note credits at least one line');
  const lines: InvoiceLine[] = uniqueLines(data.lines).map(({ lineId, quantity }) => {
    const line = inv.lines.find((l) => l.lineId === lineId);
    if (!line) throw new NotFoundError('LINE_NOT_FOUND', `Invoice ${inv.invoiceId} has no line ${lineId}`);
    const creditable = subtractQuantity(line.quantity, line.creditedQuantity);
    if (subtractQuantity(creditable, quantity) < 0) {
      throw new DomainError('OVER_CREDIT', `Line ${lineId}: only ${creditable} of invoice ${inv.invoiceId} can still be credited`, {
        lineId,
        invoiced: line.quantity,
        credited: line.creditedQuantity,
        requested: quantity,
      });
    }
    const { sku, unitPrice, discount, taxRate } = line;
    const last = subtractQuantity(creditable, quantity) === 0;
    return { lineId, sku, quantity, unitPrice, discount, taxRate, ...creditAmounts(line, quantity, last, inv.currency) };
  });
  const totals = totalAmounts(lines, inv.currency);
  const whole = inv.lines.every((l) => {
    const credited = lines.find((c) => c.lineId === l.lineId)?.quantity ?? 0;
    return subtractQuantity(l.quantity, addQuantities(l.creditedQuantity, credited)) === 0;
  });
  return [
    {
      type: 'CreditNoteIssued',
      data: {
        orderId: order.orderId,
        creditNoteId: data.creditNoteId,
        invoiceId: inv.invoiceId,
        customerId: order.customerId,
        currency: inv.currency,
        creditDate: dateField('creditDate', data.creditDate),
        reason: data.reason,
        reopenBilling: data.reopenBilling,
        lines,
        totals,
        exchangeRate: inv.exchangeRate,
        baseCurrency: inv.baseCurrency,
        baseTotals: creditBaseTotals(inv, totals, whole),
      },
    },
  ];
}

/**
 * A credit line's amounts: the invoice's rounding on the credited quantity, never more than the line has
 * left (many small credits rounding up could otherwise outrun it); the last credit on a line takes exactly
 * the rest.
 */
function creditAmounts(line: InvoiceLineState, quantity: Quantity, last: boolean, currency: string): Amounts {
  const leftNet = subtractMoney(currency, line.net, line.creditedNet);
  const leftTax = subtractMoney(currency, line.tax, line.creditedTax);
  if (last) return { net: leftNet, tax: leftTax, gross: addMoney(currency, leftNet, leftTax) };
  const priced = lineAmounts({ quantity, unitPrice: line.unitPrice, discount: line.discount, taxRate: line.taxRate }, currency);
  const net = minMoney(priced.net, leftNet);
  const tax = minMoney(net === priced.net ? priced.tax : roundMoney(new DecimalMath(net).times(line.taxRate), currency), leftTax);
  return { net, tax, gross: addMoney(currency, net, tax) };
}

/** Base totals of a credit note: converted at the invoice's rate, the note that completes the invoice takes exactly what is left. */
function creditBaseTotals(inv: InvoiceState, totals: Amounts, whole: boolean): Amounts {
  const base = inv.baseCurrency;
  const leftNet = subtractMoney(base, inv.baseTotals.net, inv.creditedBase.net);
  const leftTax = subtractMoney(base, inv.baseTotals.tax, inv.creditedBase.tax);
  if (whole) return { net: leftNet, tax: leftTax, gross: addMoney(base, leftNet, leftTax) };
  const converted = baseAmounts(totals, inv.exchangeRate, base);
  const net = minMoney(converted.net, leftNet);
  const tax = minMoney(converted.tax, leftTax);
  return { net, tax, gross: addMoney(base, net, tax) };
}

function subtractMoney(currency: string, a: Money, b: Money): Money {
  return roundMoney(new DecimalMath(a).minus(b), currency);
}

function minMoney(a: Money, b: Money): Money {
  return new DecimalMath(a).lte(b) ? a : b;
}

/** Which lock restrictions each order type keeps (domain.md: both on by default; docs/product-decisions.md). */
const LOCK_RULES: Record<OrderType, { forbidActiveShipments: boolean; forbidNotFullyShipped: boolean }> = {
  standard: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  rush: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  backorder: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  service: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  // A frame agreement may be closed before every scheduled release went out.
  blanket: { forbidActiveShipments: true, forbidNotFullyShipped: false },
  // The supplier ships; delivery confirmation may arrive after the order is closed.
  'drop-ship': { forbidActiveShipments: false, forbidNotFullyShipped: true },
};

function lock(order: ExistingOrder): OrderEvent[] {
  requireStatus(order, ['confirmed'], 'lock');
  const rules = LOCK_RULES[order.orderType];
  const active = activeShipments(order);
  if (rules.forbidActiveShipments && active.length > 0) {
    throw new DomainError('ACTIVE_SHIPMENTS', 'An order with active (undelivered) shipments cannot be locked', { shipmentIds: active });
  }
  const open = order.lines.filter((l) => l.kind === 'stocked' && l.shippedQuantity < l.quantity);
  if (rules.forbidNotFullyShipped && open.length > 0) {
    throw new DomainError('NOT_FULLY_SHIPPED', 'An order that is not fully shipped cannot be locked', {
      lines: open.map((l) => ({ lineId: l.lineId, ordered: l.quantity, shipped: l.shippedQuantity })),
    });
  }
  return [{ type: 'OrderLocked', data: { orderId: order.orderId } }];
}

function existing(state: OrderState, orderId: string): ExistingOrder {
  if (state.status === 'none') throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
  return state;
}

function requireStatus(order: ExistingOrder, allowed: OrderStatus[], action: string, hint?: string): void {
  if (!allowed.includes(order.status)) {
    throw new DomainError('INVALID_TRANSITION', `A ${order.status} order cannot ${action}${hint ? `: ${hint}` : ''}`, {
      from: order.status,
      action,
    });
  }
}

function requireConfirmed(order: ExistingOrder, action: string): void {
  if (order.status !== 'confirmed') {
    throw new DomainError('ORDER_NOT_CONFIRMED', `Only a confirmed order can ${action}; this one is ${order.status}`, { orderStatus: order.status });
  }
}

function requireCustomer(customer: CustomerFacts): void {
  if (!customer.exists) throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customer.customerId} does not exist`);
  if (customer.blocked) throw new DomainError('CUSTOMER_BLOCKED', `Customer ${customer.customerId} is blocked: no new orders`);
}

function requireLines(order: ExistingOrder): void {
  if (order.lines.length === 0) throw new DomainError('ORDER_HAS_NO_LINES', 'The order has no lines');
}

function findLine(order: ExistingOrder, lineId: string): OrderLineState {
  const line = order.lines.find((l) => l.lineId === lineId);
  if (!line) throw new NotFoundError('LINE_NOT_FOUND', `Order ${order.orderId} has no line ${lineId}`);
  return line;
}

function findShipment(order: ExistingOrder, shipmentId: string) {
  const shipment = order.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) throw new NotFoundError('SHIPMENT_NOT_FOUND', `Order ${order.orderId} has no shipment ${shipmentId}`);
  return shipment;
}

function activeShipments(order: ExistingOrder): string[] {
  return order.shipments.filter((s) => s.status === 'shipped').map((s) => s.shipmentId);
}

/** What confirmation reserved and shipping has not issued yet. */
function openReservations(order: ExistingOrder): LineQuantity[] {
  return order.lines
    .filter((l) => l.kind === 'stocked' && l.quantity > l.shippedQuantity)
    .map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: subtractQuantity(l.quantity, l.shippedQuantity) }));
}

/** A line named twice in one request is a mistake, not a sum; each quantity must be a valid one. */
function uniqueLines<T extends { lineId: string; quantity: Quantity }>(lines: readonly T[]): readonly T[] {
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    quantityField(`lines[${i}].quantity`, line.quantity);
    if (seen.has(line.lineId)) throw new InvalidInputError(`lines[${i}].lineId`, `line ${line.lineId} is named twice`);
    seen.add(line.lineId);
  });
  return lines;
}

/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone moves a due date. */
export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
