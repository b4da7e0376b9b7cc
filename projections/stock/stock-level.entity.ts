import { Column, Entity } from 'typeorm';
import { SkuValuationColumns } from '../shared/stock-valuation/valued-stock.columns';

/**
 * One row per sku that stock or a reservation ever touched (README.md): its valuation (the columns the
 * journals projection's `journal_stock_valuations` has too) and its reservations. Written in bulk by
 * stock-store.ts with SQL; the entity documents the shape for TypeORM, the migration is the source of
 * truth. Numeric columns read back as decimal strings.
 */
@Entity({ name: 'stock_levels' })
export class StockLevelEntity extends SkuValuationColumns {
  @Column('numeric', { precision: 18, scale: 3 }) reserved: string;
  @Column('numeric', { precision: 18, scale: 3 }) available: string;
}
