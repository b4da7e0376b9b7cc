import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per customer (migrations/1767744000000-create-directory.ts has the indexes). */
@Entity({ name: 'customer_entries' })
export class CustomerEntryEntity {
  @PrimaryColumn('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text') name: string;
  /** The name as the list sorts it: lower-cased. */
  @Column('text', { name: 'sort_name' }) sortName: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text') currency: string;
  @Column('numeric', { name: 'credit_limit', nullable: true }) creditLimit: string | null;
  @Column('integer', { name: 'payment_terms_days' }) paymentTermsDays: number;
  @Column('boolean') blocked: boolean;
  @Column('uuid', { name: 'salesperson_id', nullable: true }) salespersonId: string | null;
  @Column('jsonb') contacts: unknown;
  @Column('text', { name: 'search_text' }) searchText: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('integer') version: number;
}

/** One row per product. */
@Entity({ name: 'product_entries' })
export class ProductEntryEntity {
  @PrimaryColumn('text') sku: string;
  @Column('text') name: string;
  @Column('text') kind: string;
  @Column('text') currency: string;
  @Column('numeric', { name: 'unit_price' }) unitPrice: string;
  @Column('numeric', { name: 'tax_rate' }) taxRate: string;
  @Column('numeric', { name: 'unit_cost', nullable: true }) unitCost: string | null;
  @Column('boolean') active: boolean;
  @Column('uuid', { name: 'supplier_id', nullable: true }) supplierId: string | null;
  @Column('numeric', { name: 'purchase_price', nullable: true }) purchasePrice: string | null;
  @Column('text', { name: 'search_text' }) searchText: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('integer') version: number;
}
