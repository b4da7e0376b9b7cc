import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One posted credit note (`CreditNotePosted`, README.md), with its number once `CreditNoteNumbered` is
 * applied. Written in bulk by receivables-store.ts; only `number` and `updated_position` change later.
 */
@Entity({ name: 'credit_notes' })
export class CreditNoteEntity {
  @PrimaryColumn('uuid', { name: 'credit_note_id' }) creditNoteId: string;
  /** `CN-2026-000001`; null until the number is applied. */
  @Column('text', { nullable: true }) number: string | null;
  @Column('uuid', { name: 'invoice_id' }) invoiceId: string;
  @Column('uuid', { name: 'order_id' }) orderId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text') currency: string;
  @Column('date', { name: 'credit_date' }) creditDate: string;
  @Column('numeric', { name: 'exchange_rate' }) exchangeRate: string;
  @Column('text', { name: 'base_currency' }) baseCurrency: string;
  @Column('numeric') net: string;
  @Column('numeric') tax: string;
  @Column('numeric') gross: string;
  /** The part that settled the invoice. */
  @Column('numeric') applied: string;
  /** The excess over what the invoice still owed: unapplied credit. */
  @Column('numeric', { name: 'to_credit' }) toCredit: string;
  @Column('numeric', { name: 'net_base' }) netBase: string;
  @Column('numeric', { name: 'tax_base' }) taxBase: string;
  @Column('numeric', { name: 'gross_base' }) grossBase: string;
  @Column('numeric', { name: 'applied_base' }) appliedBase: string;
  @Column('numeric', { name: 'to_credit_base' }) toCreditBase: string;
  /** gross_base − applied_base − to_credit_base: the rounding's gain or loss, posted to 7900 (ADR 0007). */
  @Column('numeric', { name: 'exchange_difference' }) exchangeDifference: string;
  @Column({ type: 'text', collation: 'C' }) position: string;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
