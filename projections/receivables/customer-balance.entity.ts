import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What one customer owes, and holds as unapplied credit, in one currency (README.md): amounts in
 * different currencies never add up without a rate, so a customer invoiced or paying in several
 * currencies has a row for each; the `…_base` amounts are the same in the base currency.
 */
@Entity({ name: 'customer_balances' })
export class CustomerBalanceEntity {
  @PrimaryColumn('uuid', { name: 'customer_id' }) customerId: string;
  @PrimaryColumn('text') currency: string;
  /** Σ outstanding of the customer's open_items in this currency. */
  @Column('numeric') balance: string;
  /** Payments not allocated and credit notes in excess of their invoice's outstanding, less credit applied since. */
  @Column('numeric', { name: 'unapplied_credit' }) unappliedCredit: string;
  /** The currency of `balance_base` and `unapplied_credit_base`: the ledger's base currency. */
  @Column('text', { name: 'base_currency' }) baseCurrency: string;
  /** Σ outstanding_base of the customer's open_items in this currency. */
  @Column('numeric', { name: 'balance_base' }) balanceBase: string;
  /** The carrying value of the unapplied credit in base (ADR 0007). */
  @Column('numeric', { name: 'unapplied_credit_base' }) unappliedCreditBase: string;
  @Column('integer', { name: 'invoice_count' }) invoiceCount: number;
  @Column('integer', { name: 'open_invoice_count' }) openInvoiceCount: number;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
