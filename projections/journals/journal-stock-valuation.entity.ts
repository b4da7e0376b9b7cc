import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The journals projection's moving-average valuation of each sku (README.md): the same figures as the stock
 * projection's `stock_levels`, kept here so COGS is priced inside this projection's own transaction.
 */
@Entity({ name: 'journal_stock_valuations' })
export class JournalStockValuationEntity {
  @PrimaryColumn('text', { collation: 'C' }) sku: string;
  /** Currency of the receipts; null until the first one. */
  @Column('text', { nullable: true }) currency: string | null;
  @Column('numeric', { name: 'on_hand', precision: 18, scale: 3 }) onHand: string;
  @Column('numeric') value: string;
  @Column('numeric', { name: 'average_cost', precision: 24, scale: 6 }) averageCost: string;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
