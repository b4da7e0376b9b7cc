import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What one customer owes in one currency (README.md): amounts in different currencies never add up
 * without a rate, so a customer invoiced in several currencies has a row for each.
 */
@Entity({ name: 'customer_balances' })
export class CustomerBalanceEntity {
  @PrimaryColumn('uuid', { name: 'customer_id' }) customerId: string;
  @PrimaryColumn('text') currency: string;
  /** Σ outstanding of the customer's open_items in this currency. */
  @Column('numeric') balance: string;
  /** Payments not allocated to an invoice (issue 5); 0 until then. */
  @Column('numeric', { name: 'unapplied_credit' }) unappliedCredit: string;
  @Column('integer', { name: 'invoice_count' }) invoiceCount: number;
  @Column('integer', { name: 'open_invoice_count' }) openInvoiceCount: number;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
