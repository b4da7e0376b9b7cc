import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One posting of an entry: an account and exactly one non-zero side, in the entry's currency (README.md). */
@Entity({ name: 'journal_lines' })
export class JournalLineEntity {
  @PrimaryColumn('text', { name: 'entry_id', collation: 'C' }) entryId: string;
  @PrimaryColumn('integer', { name: 'line_no' }) lineNo: number;
  @Column({ type: 'text', collation: 'C' }) account: string;
  @Column('numeric') debit: string;
  @Column('numeric') credit: string;
  @Column('text') currency: string;
}
