import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per current line of an order (removed lines are deleted): the snapshot, fulfilment, amounts. */
@Entity({ name: 'order_summary_lines' })
export class OrderSummaryLineEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId: string;
  @PrimaryColumn('uuid', { name: 'line_id' }) lineId: string;
  /** Display order: 1, 2, … in the order lines were added. */
  @Column('integer', { name: 'line_no' }) lineNo: number;
  @Column('text') sku: string;
  @Column('text') kind: string;
  @Column('numeric', { precision: 18, scale: 3 }) quantity: string;
  @Column('numeric', { name: 'unit_price' }) unitPrice: string;
  @Column('numeric') discount: string;
  @Column('numeric', { name: 'tax_rate' }) taxRate: string;
  @Column('numeric', { precision: 18, scale: 3 }) shipped: string;
  /** Invoiced and still billed: net of credit notes that reopen billing. */
  @Column('numeric', { precision: 18, scale: 3 }) invoiced: string;
  /** Credited by credit notes that do not reopen billing. */
  @Column('numeric', { precision: 18, scale: 3 }) credited: string;
  @Column('numeric') net: string;
  @Column('numeric') tax: string;
  @Column('numeric') gross: string;
}
