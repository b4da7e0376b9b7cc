import { balancedEntry, credit, debit, UnbalancedEntryError } from './postings';

const header = {
  entryId: 'e1:0',
  position: 'p1',
  seq: 0,
  date: '2026-01-01',
  sourceType: 'invoice' as const,
  sourceId: 'i1',
  orderId: 'o1',
  currency: 'EUR',
  description: 'test',
  occurredAt: '2026-01-01T00:00:00.000Z',
};

describe('postings', () => {
  it('puts a negative amount on the other side, so a line never carries a negative figure', () => {
    expect(debit('5000', 250n)).toEqual({ account: '5000', debit: 250n, credit: 0n });
    expect(debit('5000', -250n)).toEqual({ account: '5000', debit: 0n, credit: 250n });
    expect(credit('1200', 250n)).toEqual({ account: '1200', debit: 0n, credit: 250n });
    expect(credit('1200', -250n)).toEqual({ account: '1200', debit: 250n, credit: 0n });
  });

  it('keeps a balanced entry without its zero lines, and posts nothing when every line is zero', () => {
    const entry = balancedEntry(header, [debit('1100', 1200n), credit('4000', 1200n), credit('2100', 0n)]);
    expect(entry?.lines).toEqual([debit('1100', 1200n), credit('4000', 1200n)]);
    expect(balancedEntry(header, [debit('5000', 0n), credit('1200', 0n)])).toBeNull();
  });

  it('refuses an entry that does not balance, naming it and both sums', () => {
    const unbalanced = () => balancedEntry(header, [debit('1100', 1201n), credit('4000', 1000n), credit('2100', 200n)]);
    expect(unbalanced).toThrow(UnbalancedEntryError);
    expect(unbalanced).toThrow('Journal entry e1:0 (invoice i1) does not balance: debit 12.01, credit 12.00 EUR');
    expect(() => balancedEntry(header, [{ account: '1100', debit: 5n, credit: 5n }])).toThrow(/one non-negative side/);
  });
});
