import type { JsonObject, StoredEvent } from '../../event-store/port';
import { OrderEvent, OrderEventType } from '../../domain/sales-order/events';

export type OrderEventData<T extends OrderEventType> = Extract<OrderEvent, { type: T }>['data'];

/** A stored event of the order stream, typed as the order event it is. */
export type StoredOrderEvent<T extends OrderEventType> = StoredEvent & { type: T; data: JsonObject & OrderEventData<T> };

/**
 * A stored event's type names its shape: the order decider wrote it, and read upcast (as the aggregate
 * store and the numbering sweeper read) its data has that type's current shape, the one the contract suite
 * holds every decided event to.
 */
export function isOrderEvent<T extends OrderEventType>(event: StoredEvent, type: T): event is StoredOrderEvent<T> {
  return event.type === type;
}

/** The first stored event of this type whose data matches. */
export function findOrderEvent<T extends OrderEventType>(
  events: readonly StoredEvent[],
  type: T,
  matches: (data: StoredOrderEvent<T>['data']) => boolean,
): StoredOrderEvent<T> | undefined {
  for (const event of events) if (isOrderEvent(event, type) && matches(event.data)) return event;
  return undefined;
}
