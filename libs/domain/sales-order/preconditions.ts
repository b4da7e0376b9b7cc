import { DomainError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { ExchangeRate } from '../shared/exchange';
import { Quantity, quantityField } from '../shared/quantity';
import { CustomerFacts } from './commands';
import { ExistingOrder, OrderLineState, OrderState, OrderStatus } from './state';

/** The checks the order's rules share, each refusing with its stable code (docs/product-decisions.md). */

export function existing(state: OrderState, orderId: string): ExistingOrder {
  if (state.status === 'none') throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
  return state;
}

export function requireStatus(order: ExistingOrder, allowed: OrderStatus[], action: string, hint?: string): void {
  if (!allowed.includes(order.status)) {
    throw new DomainError('INVALID_TRANSITION', `A ${order.status} order cannot ${action}${hint ? `: ${hint}` : ''}`, {
      from: order.status,
      action,
    });
  }
}

export function requireConfirmed(order: ExistingOrder, action: string): void {
  if (order.status !== 'confirmed') {
    throw new DomainError('ORDER_NOT_CONFIRMED', `Only a confirmed order can ${action}; this one is ${order.status}`, { orderStatus: order.status });
  }
}

export function requireCustomer(customer: CustomerFacts): void {
  if (!customer.exists) throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customer.customerId} does not exist`);
  if (customer.blocked) throw new DomainError('CUSTOMER_BLOCKED', `Customer ${customer.customerId} is blocked: no new orders`);
}

export function requireLines(order: ExistingOrder): void {
  if (order.lines.length === 0) throw new DomainError('ORDER_HAS_NO_LINES', 'The order has no lines');
}

export function requireRate(currency: string, baseCurrency: string, rate: ExchangeRate | null): ExchangeRate {
  if (rate === null) {
    throw new DomainError('EXCHANGE_RATE_REQUIRED', `A document in ${currency} needs an exchange rate to the base currency ${baseCurrency}`, {
      currency,
      baseCurrency,
    });
  }
  return rate;
}

export function findLine(order: ExistingOrder, lineId: string): OrderLineState {
  const line = order.lines.find((l) => l.lineId === lineId);
  if (!line) throw new NotFoundError('LINE_NOT_FOUND', `Order ${order.orderId} has no line ${lineId}`);
  return line;
}

/** A line named twice in one request is a mistake, not a sum; each quantity must be a valid one. */
export function uniqueLines<T extends { lineId: string; quantity: Quantity }>(lines: readonly T[]): readonly T[] {
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    quantityField(`lines[${i}].quantity`, line.quantity);
    if (seen.has(line.lineId)) throw new InvalidInputError(`lines[${i}].lineId`, `line ${line.lineId} is named twice`);
    seen.add(line.lineId);
  });
  return lines;
}
