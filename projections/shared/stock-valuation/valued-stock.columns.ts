import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns of the two tables a stock-valuing projection keeps (README.md of stock and journals): each
 * projection declares its own `@Entity` over these, with its own table name, and creates the table in its
 * own migration (the source of truth; the entities document the shape for TypeORM). Numeric columns read
 * back as decimal strings.
 */

/** A sku's moving-average valuation. */
export abstract class SkuValuationColumns {
  @PrimaryColumn('text', { collation: 'C' }) sku: string;
  /** Currency of the receipts, whose minor unit `value` is rounded to; null until the first receipt. */
  @Column('text', { nullable: true }) currency: string | null;
  @Column('numeric', { name: 'on_hand', precision: 18, scale: 3 }) onHand: string;
  @Column('numeric', { name: 'average_cost', precision: 24, scale: 6 }) averageCost: string;
  @Column('numeric') value: string;
  @Column({ type: 'text', name: 'updated_position', collation: 'C' }) updatedPosition: string;
}

/** What each shipment line issued and what has come back of it: returns are priced from it, at their issue cost. */
export abstract class ShipmentLineIssueColumns {
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
