import type { Pool } from 'pg';

/** One of domain.md's invariants, and whether it held. */
export interface InvariantResult {
  name: string;
  holds: boolean;
  /** The figures compared, or the offending rows (at most 10). */
  detail: Record<string, unknown>;
}

export interface InvariantSchemas {
  journals: string;
  receivables: string;
  stock: string;
  orders: string;
}

/**
 * domain.md "The ledger" invariants, over the tables of generations that all stand at the same log
 * position (the caller's job): every entry balances; 1200 = Σ stock value; 1100 = Σ open receivables;
 * 2200 = Σ unapplied credit (all in the base currency); 0 ≤ shipped, invoiced ≤ ordered per order line.
 * Shared by `cli verify` and the ledger property test.
 */
export async function checkLedgerInvariants(pool: Pool, s: InvariantSchemas): Promise<InvariantResult[]> {
  const rows = async (sql: string) => (await pool.query(sql)).rows;
  const one = async (sql: string) => (await rows(sql))[0];
  const balanceOf = (code: string) => `SELECT coalesce(sum(debit) - sum(credit), 0) FROM ${s.journals}.journal_lines WHERE account = '${code}'`;
  const same = async (name: string, left: [string, string], right: [string, string]): Promise<InvariantResult> => {
    const r = await one(`SELECT (${left[1]})::text AS a, (${right[1]})::text AS b, (${left[1]}) = (${right[1]}) AS equal`);
    return { name, holds: r.equal === true, detail: { [left[0]]: r.a, [right[0]]: r.b } };
  };

  const unbalanced = await rows(
    `SELECT entry_id, sum(debit)::text AS debit, sum(credit)::text AS credit FROM ${s.journals}.journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit) ORDER BY entry_id LIMIT 10`,
  );
  const badLines = await rows(
    `SELECT order_id, line_id, quantity::text, shipped::text, invoiced::text FROM ${s.orders}.order_summary_lines
     WHERE shipped < 0 OR shipped > quantity OR invoiced < 0 OR invoiced > quantity ORDER BY order_id, line_id LIMIT 10`,
  );
  return [
    { name: 'every journal entry balances', holds: unbalanced.length === 0, detail: { unbalanced } },
    await same('account 1200 = Σ stock value', ['account1200', balanceOf('1200')], ['stockValue', `SELECT coalesce(sum(value), 0) FROM ${s.stock}.stock_levels`]),
    await same('account 1100 = Σ open receivables', ['account1100', balanceOf('1100')], ['openReceivables', `SELECT coalesce(sum(outstanding_base), 0) FROM ${s.receivables}.open_items`]),
    // 2200 is a liability: its credit balance is what customers have paid in advance.
    await same(
      'account 2200 = Σ unapplied credit',
      ['account2200', `SELECT -(${balanceOf('2200')})`],
      ['unappliedCredit', `SELECT coalesce(sum(unapplied_credit_base), 0) FROM ${s.receivables}.customer_balances`],
    ),
    { name: '0 ≤ shipped, invoiced ≤ ordered per order line', holds: badLines.length === 0, detail: { lines: badLines } },
  ];
}
