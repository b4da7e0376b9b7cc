import { Column, Entity, PrimaryColumn } from 'typeorm';

export type StockMovementKind = 'receipt' | 'shipment' | 'return';

/**
 * One row per sku and stock-moving event line, in log order, with the running balances after it
 * (README.md). Keyed by sku, the event's position and the line's index in the event: a rebuild writes the
 * same keys, and the key is also a sku's history in log order. `quantity` and `amount` are signed: + into
 * stock, − out of it.
 */
@Entity({ name: 'stock_movements' })
export class StockMovementEntity {
  @PrimaryColumn('text', { collation: 'C' }) sku: string;
  @PrimaryColumn('text', { collation: 'C' }) position: string;
  @PrimaryColumn('integer') seq: number;
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text') kind: StockMovementKind;
  @Column('numeric', { precision: 18, scale: 3 }) quantity: string;
  @Column('numeric', { name: 'unit_cost', precision: 24, scale: 6 }) unitCost: string;
  @Column('numeric') amount: string;
  @Column('numeric', { name: 'on_hand_after', precision: 18, scale: 3 }) onHandAfter: string;
  @Column('numeric', { name: 'value_after' }) valueAfter: string;
  @Column('numeric', { name: 'average_cost_after', precision: 24, scale: 6 }) averageCostAfter: string;
  @Column('text', { name: 'receipt_id', nullable: true }) receiptId: string | null;
  @Column('text', { name: 'order_id', nullable: true }) orderId: string | null;
  @Column('text', { name: 'shipment_id', nullable: true }) shipmentId: string | null;
  @Column('text', { name: 'line_id', nullable: true }) lineId: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}
