import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../libs/event-store/port';
import type { Projection } from '../runtime/projection';
import { CustomerBalanceEntity } from './customer-balance.entity';
import { CreateReceivables1767398400000 } from './migrations/1767398400000-create-receivables';
import { OpenItemEntity } from './open-item.entity';
import { PendingInvoiceNumberEntity } from './pending-invoice-number.entity';
import { receivablesEvents, touchedKeys } from './receivables-events';
import { foldReceivablesEvents } from './receivables-fold';
import { loadReceivables, saveReceivables } from './receivables-store';

/**
 * Open receivables (README.md): one open item per invoice with its number and what is still owed, and
 * each customer's balance per currency. One batch = one SELECT of the rows it touches, an in-memory fold
 * in log order, one multi-row write. A batch without invoice events costs nothing.
 */
export const receivablesProjection: Projection = {
  name: 'receivables',
  entities: [OpenItemEntity, CustomerBalanceEntity, PendingInvoiceNumberEntity],
  migrations: [CreateReceivables1767398400000],
  async apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void> {
    const relevant = receivablesEvents(events);
    if (relevant.length === 0) return;
    const state = await loadReceivables(manager, touchedKeys(relevant));
    foldReceivablesEvents(state, relevant);
    await saveReceivables(manager, state);
  },
};
