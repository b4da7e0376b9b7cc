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
  @Column('text') status: OpenItemStatus;
  @Column({ type: 'text', name: 'issued_position', collation: 'C' }) issuedPosition: string;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
