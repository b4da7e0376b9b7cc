import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../libs/event-store/port';
import type { Projection } from '../runtime/projection';
import { CreditNoteEntity } from './credit-note.entity';
import { CustomerBalanceEntity } from './customer-balance.entity';
import { CreateReceivables1767398400000 } from './migrations/1767398400000-create-receivables';
import { Settlements1767571200000 } from './migrations/1767571200000-settlements';
import { ReceivablesBillingLists1767830400000 } from './migrations/1767830400000-billing-lists';
import { OpenItemEntity } from './open-item.entity';
import { PaymentEntity } from './payment.entity';
import { PendingCreditNoteNumberEntity } from './pending-credit-note-number.entity';
import { PendingInvoiceNumberEntity } from './pending-invoice-number.entity';
import { receivablesEvents, touchedKeys } from './receivables-events';
import { foldReceivablesEvents } from './receivables-fold';
import { loadReceivables, saveReceivables } from './receivables-store';
import { SettlementEntity } from './settlement.entity';

/**
 * Open receivables (README.md): one open item per invoice with its number and what is still owed (in its
 * currency and in base), each customer's balance and unapplied credit per currency, and the payments,
 * settlements and credit notes that moved them. One batch = one SELECT of the rows it touches, an
 * in-memory fold in log order, one multi-row write. A batch without receivables events costs nothing.
 */
export const receivablesProjection: Projection = {
  name: 'receivables',
  entities: [OpenItemEntity, CustomerBalanceEntity, PendingInvoiceNumberEntity, SettlementEntity, PaymentEntity, CreditNoteEntity, PendingCreditNoteNumberEntity],
  migrations: [CreateReceivables1767398400000, Settlements1767571200000, ReceivablesBillingLists1767830400000],
  // Aging, customer and invoice lookups of the queries, and the billing lists; apply reads and writes by key.
  readIndexes: [
    'open_items_customer_due',
    'settlements_invoice',
    'payments_customer',
    'credit_notes_invoice',
    'credit_notes_customer',
    'open_items_listed',
    'open_items_customer_listed',
    'open_items_status_listed',
    'open_items_overdue',
    'open_items_owing',
    'settlements_settled_on',
    'credit_notes_listed',
    'credit_notes_customer_listed',
    'payments_listed',
    'payments_customer_listed',
  ],
  async apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void> {
    const relevant = receivablesEvents(events);
    if (relevant.length === 0) return;
    const state = await loadReceivables(manager, touchedKeys(relevant));
    foldReceivablesEvents(state, relevant);
    await saveReceivables(manager, state);
  },
};
