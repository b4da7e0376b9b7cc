import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SettlementSource } from './receivables-state';

/**
 * One settlement of an invoice (README.md): a payment allocation, an applied credit, or the part of a
 * credit note that settled the invoice, with its date, so the aging report as of a past day adds back
 * what was settled after it. Written in bulk by receivables-store.ts; never updated.
 */
@Entity({ name: 'settlements' })
export class SettlementEntity {
  /** paymentId, applicationId or creditNoteId. */
  @PrimaryColumn('uuid', { name: 'source_id' }) sourceId: string;
  @PrimaryColumn('text', { name: 'source_type' }) sourceType: SettlementSource;
  @PrimaryColumn('uuid', { name: 'invoice_id' }) invoiceId: string;
  /** In the invoice's currency. */
  @Column('numeric') amount: string;
  @Column('text') currency: string;
  /** What it took off account 1100. */
  @Column('numeric', { name: 'base_amount' }) baseAmount: string;
  @Column('text', { name: 'base_currency' }) baseCurrency: string;
  @Column('date', { name: 'settled_on' }) settledOn: string;
  @Column({ type: 'text', collation: 'C' }) position: string;
}
