import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../libs/event-store/port';
import type { Projection } from '../runtime/projection';
import { CreateStock1767225600000 } from './migrations/1767225600000-create-stock';
import { stockEvents, touchedKeys } from './stock-events';
import { foldStockEvents } from './stock-fold';
import { StockIssueEntity } from './stock-issue.entity';
import { StockLevelEntity } from './stock-level.entity';
import { StockMovementEntity } from './stock-movement.entity';
import { StockOrderLineEntity } from './stock-order-line.entity';
import { StockOrderEntity } from './stock-order.entity';
import { loadStockState, saveStockChanges } from './stock-store';

/**
 * The stock read model (README.md): on hand, reserved, available and moving-average value per sku, the
 * movements behind them, and what prices returns and reservations. One batch = a few SELECTs for the rows
 * it touches, an in-memory fold in log order, a few multi-row writes.
 */
export const stockProjection: Projection = {
  name: 'stock',
  entities: [StockLevelEntity, StockMovementEntity, StockIssueEntity, StockOrderEntity, StockOrderLineEntity],
  migrations: [CreateStock1767225600000],
  async apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void> {
    const relevant = stockEvents(events);
    if (relevant.length === 0) return;
    const state = await loadStockState(manager, touchedKeys(relevant));
    await saveStockChanges(manager, foldStockEvents(state, relevant));
  },
};
