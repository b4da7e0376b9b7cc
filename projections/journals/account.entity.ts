import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The chart of accounts (chart-of-accounts.ts), seeded by the migration: for joins in SQL reports. */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn('text', { collation: 'C' }) code: string;
  @Column('text') name: string;
  /** asset | liability | income | expense | income/expense */
  @Column('text') kind: string;
}
