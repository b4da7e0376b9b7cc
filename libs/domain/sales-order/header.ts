import { dateField } from '../shared/calendar';
import { DomainError } from '../shared/domain-error';
import { exchangeRateField } from '../shared/exchange';
import { priceLine } from '../shared/pricing';
import { OrderCommandData, OrderDetailChanges } from './commands';
import { OrderEvent } from './events';
import { requireCustomer, uniqueLines } from './preconditions';
import { ExistingOrder, OrderState } from './state';

/** The order's header: drafting it, and changing its details while it is still a draft. */

export function draftOrder(data: OrderCommandData<'DraftOrder'>, state: OrderState): OrderEvent[] {
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

export function changeOrderDetails(data: OrderCommandData<'ChangeOrderDetails'>, order: ExistingOrder): OrderEvent[] {
  const changes = Object.fromEntries(
    Object.entries(canonicalDetails(data.changes)).filter(
      ([key, value]) => value !== undefined && JSON.stringify(order[key as keyof OrderDetailChanges]) !== JSON.stringify(value),
    ),
  );
  if (Object.keys(changes).length === 0) return [];
  // Header fields are part of what the customer agreed to: like lines, a sent order goes back to draft.
  return editDetails(order, [{ type: 'OrderDetailsChanged', data: { orderId: order.orderId, changes } }]);
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

/** Header fields change only before confirmation (domain.md: a draft is fully editable). */
function editDetails(order: ExistingOrder, events: OrderEvent[]): OrderEvent[] {
  if (order.status === 'draft') return events;
  if (order.status === 'sent') return [{ type: 'OrderReturnedToDraft', data: { orderId: order.orderId } }, ...events];
  throw new DomainError('ORDER_NOT_EDITABLE', `A ${order.status} order's details cannot change`, { orderStatus: order.status });
}
