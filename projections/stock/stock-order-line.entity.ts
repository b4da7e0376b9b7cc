import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProductKind } from '../../libs/domain/product/product';

/**
 * Each order line's ordered and shipped quantities and what it reserves now (README.md):
 * reserved = max(0, ordered − shipped) for a stocked line of a confirmed order, else 0.
 * stock_levels.reserved is the sum of this column per sku.
 */
@Entity({ name: 'stock_order_lines' })
export class StockOrderLineEntity {
  @PrimaryColumn('text', { name: 'order_id', collation: 'C' }) orderId: string;
  @PrimaryColumn('text', { name: 'line_id', collation: 'C' }) lineId: string;
  @Column('text') sku: string;
  @Column('text') kind: ProductKind;
  @Column('numeric', { precision: 18, scale: 3 }) ordered: string;
  @Column('numeric', { precision: 18, scale: 3 }) shipped: string;
  @Column('numeric', { precision: 18, scale: 3 }) reserved: string;
}
