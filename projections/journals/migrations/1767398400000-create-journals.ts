import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journals read model (projections/journals/README.md). Unqualified names: the runtime pins search_path
 * to the generation's schema. Money is unconstrained `numeric`, so each amount keeps exactly the minor
 * digits of its currency; quantities numeric(18,3), unit and average costs numeric(24,6). No surrogate
 * keys: entries are named after their event (`<event id>:<seq>`), so a rebuild writes identical rows. Key
 * columns compare bytewise (COLLATE "C"): positions are built so that text order is log order (ADR 0002).
 * No foreign keys: entries and their lines are written together in one statement per batch, and per-row
 * FK triggers would cost more than the whole write.
 */
export class CreateJournals1767398400000 implements MigrationInterface {
  name = 'CreateJournals1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    // The chart of domain.md as a table for SQL joins; chart-of-accounts.ts is the same list in code.
    await runner.query(`CREATE TABLE accounts (
      code text COLLATE "C" PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL
    )`);
    await runner.query(`INSERT INTO accounts (code, name, kind) VALUES
      ('1000', 'Cash and bank', 'asset'),
      ('1100', 'Accounts receivable', 'asset'),
      ('1200', 'Inventory', 'asset'),
      ('2000', 'Goods received not invoiced', 'liability'),
      ('2100', 'Sales tax payable', 'liability'),
      ('2200', 'Customer advances (unapplied cash)', 'liability'),
      ('4000', 'Sales revenue', 'income'),
      ('5000', 'Cost of goods sold', 'expense'),
      ('7900', 'Exchange gain/loss', 'income/expense')`);

    await runner.query(`CREATE TABLE journal_entries (
      entry_id text COLLATE "C" PRIMARY KEY,
      position text COLLATE "C" NOT NULL,
      seq integer NOT NULL,
      date date NOT NULL,
      source_type text NOT NULL CHECK (source_type IN
        ('stock_receipt', 'shipment', 'shipment_return', 'invoice', 'credit_note', 'payment', 'advance_application')),
      source_id text COLLATE "C" NOT NULL,
      order_id text COLLATE "C",
      currency text NOT NULL,
      description text NOT NULL,
      occurred_at timestamptz NOT NULL,
      UNIQUE (position, seq)
    )`);
    // The journal's order (and its from/to filter) and the trial balance's per-currency cut by date.
    await runner.query('CREATE INDEX journal_entries_date ON journal_entries (date, position, seq)');
    await runner.query('CREATE INDEX journal_entries_currency_date ON journal_entries (currency, date)');
    await runner.query('CREATE INDEX journal_entries_source ON journal_entries (source_id)');
    await runner.query('CREATE INDEX journal_entries_order ON journal_entries (order_id) WHERE order_id IS NOT NULL');

    await runner.query(`CREATE TABLE journal_lines (
      entry_id text COLLATE "C" NOT NULL,
      line_no integer NOT NULL,
      account text COLLATE "C" NOT NULL,
      debit numeric NOT NULL CHECK (debit >= 0),
      credit numeric NOT NULL CHECK (credit >= 0),
      currency text NOT NULL,
      PRIMARY KEY (entry_id, line_no),
      CHECK (debit = 0 OR credit = 0)
    )`);
    // ?account= (entries touching an account) and the trial balance's sums per account.
    await runner.query('CREATE INDEX journal_lines_account ON journal_lines (account, entry_id)');

    // The projection's own moving-average valuation per sku, the same the stock projection keeps.
    await runner.query(`CREATE TABLE journal_stock_valuations (
      sku text COLLATE "C" PRIMARY KEY,
      currency text,
      on_hand numeric(18,3) NOT NULL,
      value numeric NOT NULL,
      average_cost numeric(24,6) NOT NULL,
      updated_position text COLLATE "C" NOT NULL
    )`);

    // What each shipment line issued and what came back of it: returns reverse COGS at this cost.
    await runner.query(`CREATE TABLE journal_stock_issues (
      shipment_id text COLLATE "C" NOT NULL,
      line_id text COLLATE "C" NOT NULL,
      order_id text NOT NULL,
      sku text NOT NULL,
      quantity numeric(18,3) NOT NULL,
      unit_cost numeric(24,6) NOT NULL,
      amount numeric NOT NULL,
      returned_quantity numeric(18,3) NOT NULL,
      returned_amount numeric NOT NULL,
      PRIMARY KEY (shipment_id, line_id)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['journal_stock_issues', 'journal_stock_valuations', 'journal_lines', 'journal_entries', 'accounts']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
