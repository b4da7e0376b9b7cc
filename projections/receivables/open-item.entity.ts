import { Column, Entity, PrimaryColumn } from 'typeorm';

export const OPEN_ITEM_STATUSES = ['open', 'partially_paid', 'paid'] as const;
export type OpenItemStatus = (typeof OPEN_ITEM_STATUSES)[number];

/**
 * One row per issued invoice: what the customer owes on it (README.md). Written in bulk by
 * receivables.projection.ts with SQL; the entity documents the shape for TypeORM, the migration (with its
 * CHECKs and indexes) is the source of truth. Money reads back as decimal strings, dates as 'YYYY-MM-DD'.
 */
@Entity({ name: 'open_items' })
export class OpenItemEntity {
  @PrimaryColumn('uuid', { name: 'invoice_id' }) invoiceId: string;
  /** `INV-2026-000001`; null until `InvoiceNumbered` is applied. */
  @Column('text', { nullable: true }) number: string | null;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'order_id' }) orderId: string;
  @Column('text') currency: string;
  @Column('date', { name: 'invoice_date' }) invoiceDate: string;
  @Column('date', { name: 'due_date' }) dueDate: string;
  @Column('numeric') gross: string;
  @Column('numeric') paid: string;
  @Column('numeric') credited: string;
  /** gross − paid − credited. */
  @Column('numeric') outstanding: string;
  /** The ledger's currency of the `…_base` amounts (the invoice's own currency on invoices issued before rates existed). */
  @Column('text', { name: 'base_currency' }) baseCurrency: string;
  /** Base units per invoice-currency unit, as the invoice states it (1 before rates existed). */
  @Column('numeric', { name: 'exchange_rate' }) exchangeRate: string;
  @Column('numeric', { name: 'gross_base' }) grossBase: string;
  /** Σ base amounts of payment allocations and applied credit. */
  @Column('numeric', { name: 'paid_base' }) paidBase: string;
  /** Σ applied base amounts of credit notes. */
  @Column('numeric', { name: 'credited_base' }) creditedBase: string;
  /** gross_base − paid_base − credited_base: what the invoice holds on account 1100. */
  @Column('numeric', { name: 'outstanding_base' }) outstandingBase: string;
  @Column('text') status: OpenItemStatus;
  @Column({ type: 'text', name: 'issued_position', collation: 'C' }) issuedPosition: string;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
