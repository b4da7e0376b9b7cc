import { fromMinor } from '../shared/fixed-point';
import type { AccountCode } from './chart-of-accounts';
import type { JournalEntry, JournalLine } from './journal-state';

/**
 * Posting lines and the one rule every entry obeys: Σ debit = Σ credit (domain.md "The ledger"). Amounts
 * are signed minor units (bigint): a negative amount lands on the other side, so a line never carries a
 * negative figure (a negative-stock correction can make an issue's cost negative, shared/stock-valuation/valuation.ts).
 */
export const debit = (account: AccountCode, amount: bigint): JournalLine =>
  amount >= 0n ? { account, debit: amount, credit: 0n } : { account, debit: 0n, credit: -amount };

export const credit = (account: AccountCode, amount: bigint): JournalLine =>
  amount >= 0n ? { account, debit: 0n, credit: amount } : { account, debit: -amount, credit: 0n };

export class UnbalancedEntryError extends Error {
  constructor(entry: Pick<JournalEntry, 'entryId' | 'sourceType' | 'sourceId' | 'currency'>, debits: bigint, credits: bigint) {
    super(
      `Journal entry ${entry.entryId} (${entry.sourceType} ${entry.sourceId}) does not balance: ` +
        `debit ${fromMinor(debits, entry.currency)}, credit ${fromMinor(credits, entry.currency)} ${entry.currency}`,
    );
    this.name = 'UnbalancedEntryError';
  }
}

/**
 * The entry with its zero lines dropped (a ledger carries no empty postings), or null when nothing is left
 * to post. Throws when it does not balance: the projection then stops at that event rather than write a
 * ledger whose trial balance is off.
 */
export function balancedEntry(header: Omit<JournalEntry, 'lines'>, lines: readonly JournalLine[]): JournalEntry | null {
  const posted = lines.filter((l) => l.debit !== 0n || l.credit !== 0n);
  let debits = 0n;
  let credits = 0n;
  for (const line of posted) {
    if (line.debit < 0n || line.credit < 0n || (line.debit !== 0n && line.credit !== 0n)) {
      throw new Error(`Journal entry ${header.entryId}: line on ${line.account} must carry one non-negative side`);
    }
    debits += line.debit;
    credits += line.credit;
  }
  if (debits !== credits) throw new UnbalancedEntryError(header, debits, credits);
  return posted.length === 0 ? null : { ...header, lines: posted };
}
