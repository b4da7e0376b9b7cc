import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A credit note number whose `CreditNotePosted` this projection has not applied yet (README.md "Credit
 * note numbers"): deleted when the note arrives and takes it, like `pending_invoice_numbers`.
 */
@Entity({ name: 'pending_credit_note_numbers' })
export class PendingCreditNoteNumberEntity {
  @PrimaryColumn('uuid', { name: 'credit_note_id' }) creditNoteId: string;
  @Column('uuid', { name: 'invoice_id' }) invoiceId: string;
  @Column('uuid', { name: 'order_id' }) orderId: string;
  @Column('text') number: string;
  @Column('integer') year: number;
  @Column({ type: 'text', name: 'numbered_position', collation: 'C' }) numberedPosition: string;
}
