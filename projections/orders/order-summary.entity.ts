import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per sales order: header, totals, fulfilment figures (README.md). Written in bulk by
 * orders.projection.ts with SQL; the entity documents the shape for TypeORM. Its indexes (status,
 * customer, drafted_at) live in the migration, which is the source of truth for the table.
 * Money, rates and numeric columns read back as decimal strings.
 */
@Entity({ name: 'order_summaries' })
export class OrderSummaryEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'order_type' }) orderType: string;
  @Column('text') channel: string;
  @Column('text') status: string;
  @Column('text') currency: string;
  @Column('uuid', { name: 'quote_id', nullable: true }) quoteId: string | null;
  @Column('text', { name: 'customer_reference', nullable: true }) customerReference: string | null;
  @Column('text', { name: 'requested_delivery_date', nullable: true }) requestedDeliveryDate: string | null;
  @Column('integer', { name: 'line_count' }) lineCount: number;
  @Column('numeric') net: string;
  @Column('numeric') tax: string;
  @Column('numeric') gross: string;
  @Column('numeric', { name: 'ordered_quantity', precision: 18, scale: 3 }) orderedQuantity: string;
  @Column('numeric', { name: 'stocked_quantity', precision: 18, scale: 3 }) stockedQuantity: string;
  @Column('numeric', { name: 'shipped_quantity', precision: 18, scale: 3 }) shippedQuantity: string;
  @Column('numeric', { name: 'invoiced_quantity', precision: 18, scale: 3 }) invoicedQuantity: string;
  /** Σ the lines' `credited` (credit notes that do not reopen billing). */
  @Column('numeric', { name: 'credited_quantity', precision: 18, scale: 3 }) creditedQuantity: string;
  @Column('numeric', { name: 'shipped_percent', precision: 5, scale: 2, nullable: true }) shippedPercent: string | null;
  @Column('numeric', { name: 'invoiced_percent', precision: 5, scale: 2, nullable: true }) invoicedPercent: string | null;
  @Column('integer', { name: 'active_shipments' }) activeShipments: number;
  /** Σ invoice gross − Σ gross of the credit notes that reopen billing. */
  @Column('numeric', { name: 'invoiced_gross' }) invoicedGross: string;
  /** Σ gross of every credit note on the order's invoices. */
  @Column('numeric', { name: 'credited_gross' }) creditedGross: string;
  @Column('numeric', { name: 'expected_revenue' }) expectedRevenue: string;
  /** Base-currency units per order-currency unit; null until the order has one. */
  @Column('numeric', { name: 'exchange_rate', nullable: true }) exchangeRate: string | null;
  /** The base currency the order was confirmed against; null before confirmation. */
  @Column('text', { name: 'base_currency', nullable: true }) baseCurrency: string | null;
  @Column('timestamptz', { name: 'drafted_at' }) draftedAt: Date;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('integer') version: number;
  @Column('text', { name: 'last_position' }) lastPosition: string;
}
