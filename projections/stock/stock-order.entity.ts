import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Whether an order reserves stock (README.md). `unconfirmed` covers draft, sent and discarded orders: the
 * projection ignores those events, since none of them reserves anything.
 */
export type StockOrderStatus = 'unconfirmed' | 'confirmed' | 'locked' | 'canceled';

@Entity({ name: 'stock_orders' })
export class StockOrderEntity {
  @PrimaryColumn('text', { name: 'order_id', collation: 'C' }) orderId: string;
  @Column('text') status: StockOrderStatus;
}
