import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JournalSourceType } from './journal-state';

/**
 * One balanced journal entry per document posting (README.md). Written in bulk by journal-store.ts; the
 * entity documents the shape for TypeORM, the migration is the source of truth. `entry_id` is
 * `<event id>:<seq>`, so a rebuild writes the same ids.
 */
@Entity({ name: 'journal_entries' })
export class JournalEntryEntity {
  @PrimaryColumn('text', { name: 'entry_id', collation: 'C' }) entryId: string;
  @Column({ type: 'text', collation: 'C' }) position: string;
  @Column('integer') seq: number;
  /**
   * The document date: receipt, shipment and return on the day the log recorded them (UTC), an invoice on
   * its invoice date, a payment on its receivedOn, an applied credit on its appliedOn, a credit note on
   * its credit date.
   */
  @Column('date') date: string;
  @Column('text', { name: 'source_type' }) sourceType: JournalSourceType;
  @Column({ type: 'text', name: 'source_id', collation: 'C' }) sourceId: string;
  @Column({ type: 'text', name: 'order_id', collation: 'C', nullable: true }) orderId: string | null;
  /**
   * Every amount of the entry is in it: the base currency for invoices, payments, applied credit and
   * credit notes (an invoice issued before rates existed: its own), the receipts' currency for stock.
   */
  @Column('text') currency: string;
  @Column('text') description: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}
