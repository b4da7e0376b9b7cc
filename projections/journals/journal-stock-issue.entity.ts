import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What each shipment line issued and what came back of it (README.md): returns reverse COGS at this cost. */
@Entity({ name: 'journal_stock_issues' })
export class JournalStockIssueEntity {
  @PrimaryColumn('text', { name: 'shipment_id', collation: 'C' }) shipmentId: string;
  @PrimaryColumn('text', { name: 'line_id', collation: 'C' }) lineId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text') sku: string;
  @Column('numeric', { precision: 18, scale: 3 }) quantity: string;
  @Column('numeric', { name: 'unit_cost', precision: 24, scale: 6 }) unitCost: string;
  @Column('numeric') amount: string;
  @Column('numeric', { name: 'returned_quantity', precision: 18, scale: 3 }) returnedQuantity: string;
  @Column('numeric', { name: 'returned_amount' }) returnedAmount: string;
}
