import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per sku that stock or a reservation ever touched (README.md). Written in bulk by
 * stock.projection.ts with SQL; the entity documents the shape for TypeORM, the migration is the source of
 * truth. Numeric columns read back as decimal strings.
 */
@Entity({ name: 'stock_levels' })
export class StockLevelEntity {
  @PrimaryColumn('text', { collation: 'C' }) sku: string;
  /** Currency of the receipts, whose minor unit `value` is rounded to; null until the first receipt. */
  @Column('text', { nullable: true }) currency: string | null;
  @Column('numeric', { name: 'on_hand', precision: 18, scale: 3 }) onHand: string;
  @Column('numeric', { precision: 18, scale: 3 }) reserved: string;
  @Column('numeric', { precision: 18, scale: 3 }) available: string;
  @Column('numeric', { name: 'average_cost', precision: 24, scale: 6 }) averageCost: string;
  @Column('numeric') value: string;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}
