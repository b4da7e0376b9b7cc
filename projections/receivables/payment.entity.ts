import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One received payment (`PaymentReceived`, README.md). Written in bulk by receivables-store.ts; never updated. */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn('uuid', { name: 'payment_id' }) paymentId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('numeric') amount: string;
  @Column('text') currency: string;
  @Column('date', { name: 'received_on' }) receivedOn: string;
  @Column('numeric', { name: 'exchange_rate' }) exchangeRate: string;
  @Column('text', { name: 'base_currency' }) baseCurrency: string;
  @Column('numeric', { name: 'base_amount' }) baseAmount: string;
  /** Σ allocations, in the payment's currency. */
  @Column('numeric') allocated: string;
  /** What became unapplied credit. */
  @Column('numeric') unallocated: string;
  @Column('numeric', { name: 'allocated_base' }) allocatedBase: string;
  @Column('numeric', { name: 'unallocated_base' }) unallocatedBase: string;
  /** base_amount − allocated_base − unallocated_base: posted to 7900 (positive: a gain). */
  @Column('numeric', { name: 'exchange_difference' }) exchangeDifference: string;
  @Column({ type: 'text', collation: 'C' }) position: string;
}
