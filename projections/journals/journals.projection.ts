import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../libs/event-store/port';
import type { Projection } from '../runtime/projection';
import { AccountEntity } from './account.entity';
import { journalEvents, touchedKeys } from './journal-events';
import { JournalEntryEntity } from './journal-entry.entity';
import { foldJournalEvents } from './journal-fold';
import { JournalLineEntity } from './journal-line.entity';
import { JournalStockIssueEntity } from './journal-stock-issue.entity';
import { JournalStockValuationEntity } from './journal-stock-valuation.entity';
import { loadJournalState, saveJournalChanges } from './journal-store';
import { CreateJournals1767398400000 } from './migrations/1767398400000-create-journals';

/**
 * The general ledger (README.md): a balanced journal entry for every stock receipt, shipment, return,
 * invoice, payment, applied credit and credit note, from which the trial balance is summed. One batch = two SELECTs for the valuation rows it
 * touches, an in-memory fold in log order, one multi-row write.
 */
export const journalsProjection: Projection = {
  name: 'journals',
  entities: [AccountEntity, JournalEntryEntity, JournalLineEntity, JournalStockValuationEntity, JournalStockIssueEntity],
  migrations: [CreateJournals1767398400000],
  // The journal's, the trial balance's and the filters' indexes; apply reads valuations and issues by key.
  readIndexes: ['journal_entries_date', 'journal_entries_currency_date', 'journal_entries_source', 'journal_entries_order', 'journal_lines_account'],
  async apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void> {
    const relevant = journalEvents(events);
    if (relevant.length === 0) return;
    const state = await loadJournalState(manager, touchedKeys(relevant));
    await saveJournalChanges(manager, foldJournalEvents(state, relevant));
  },
};
