import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../libs/event-store/port';
import type { Projection } from '../runtime/projection';
import { CreateOrders1767312000000 } from './migrations/1767312000000-create-orders';
import { OrdersCreditNotesExchangeRates1767571200000 } from './migrations/1767571200000-credit-notes-exchange-rates';
import { OrdersChannelsAndListFilters1767830400000 } from './migrations/1767830400000-channels-and-list-filters';
import { isOrderEvent } from './order-events';
import { expectedRevenue, lineFigures } from './order-figures';
import { foldOrderEvent } from './order-fold';
import { OrderShipmentEntity } from './order-shipment.entity';
import { OrderSummaryLineEntity } from './order-summary-line.entity';
import { OrderSummaryEntity } from './order-summary.entity';
import { loadOrders, loadPlan } from './orders-load';
import { saveOrders } from './orders-save';

/**
 * The order list for dashboards (README.md). A batch is applied in three steps, so the number of SQL
 * statements does not grow with its events: load the rows of the orders it names, fold its events in
 * memory, write what changed back in bulk.
 */
export const ordersProjection: Projection = {
  name: 'orders',
  entities: [OrderSummaryEntity, OrderSummaryLineEntity, OrderShipmentEntity],
  migrations: [CreateOrders1767312000000, OrdersCreditNotesExchangeRates1767571200000, OrdersChannelsAndListFilters1767830400000],
  // The list's orders and filters; apply reads and writes orders by key.
  readIndexes: [
    'order_summaries_drafted',
    'order_summaries_status',
    'order_summaries_customer',
    'order_summaries_type',
    'order_summaries_channel',
    'order_summaries_reference',
  ],
  async apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void> {
    const orderEvents = events.filter(isOrderEvent);
    if (orderEvents.length === 0) return;
    const orders = await loadOrders(manager, loadPlan(orderEvents));
    for (const event of orderEvents) foldOrderEvent(orders, event);
    for (const order of orders.values()) {
      // Orders without a line event in this batch keep their stored line figures.
      if (order.lines) {
        order.figures = lineFigures(order.lines.values(), order.currency);
        order.gross = order.figures.gross;
      }
      order.expectedRevenue = expectedRevenue(order.status, order.gross, order.invoicedGross, order.currency);
    }
    await saveOrders(manager, orders.values());
  },
};
