import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A number whose invoice this projection has not seen issued yet (README.md "Invoice numbers"). The row
 * is deleted when the `InvoiceIssued` arrives and the number moves onto its open item, so in a consistent
 * log the table is empty whenever every numbered invoice has been applied.
 */
@Entity({ name: 'pending_invoice_numbers' })
export class PendingInvoiceNumberEntity {
  @PrimaryColumn('uuid', { name: 'invoice_id' }) invoiceId: string;
  @Column('uuid', { name: 'order_id' }) orderId: string;
  @Column('text') number: string;
  @Column('integer') year: number;
  @Column({ type: 'text', name: 'numbered_position', collation: 'C' }) numberedPosition: string;
}
