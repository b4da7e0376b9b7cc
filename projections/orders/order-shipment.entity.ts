import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per shipment of an order: enough to know whether it is still active (`shipped`) when a delivery
 * or a return arrives in a later batch.
 */
@Entity({ name: 'order_shipments' })
export class OrderShipmentEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId: string;
  @PrimaryColumn('uuid', { name: 'shipment_id' }) shipmentId: string;
  /** shipped (active) | delivered | returned (everything came back). */
  @Column('text') status: string;
  @Column('numeric', { precision: 18, scale: 3 }) quantity: string;
  @Column('numeric', { name: 'returned_quantity', precision: 18, scale: 3 }) returnedQuantity: string;
  @Column('timestamptz', { name: 'shipped_at' }) shippedAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
