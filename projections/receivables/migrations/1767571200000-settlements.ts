import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments, applied credit and credit notes (ADR 0007; projections/receivables/README.md): base
 * currency amounts on open items and balances, and the tables `settlements`, `payments`, `credit_notes`
 * and `pending_credit_note_numbers`. Written to run both on a fresh generation and on one the code before
 * settlements built and filled: the new columns are added, backfilled as every invoice before exchange rates were recorded reads
 * (rate 1, base currency = the document's own currency, base amounts = document amounts; nothing was paid
 * or credited then), and only then constrained.
 */
export class Settlements1767571200000 implements MigrationInterface {
  name = 'Settlements1767571200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE open_items
      ADD COLUMN base_currency text,
      ADD COLUMN exchange_rate numeric,
      ADD COLUMN gross_base numeric,
      ADD COLUMN paid_base numeric,
      ADD COLUMN credited_base numeric,
      ADD COLUMN outstanding_base numeric`);
    await runner.query(`UPDATE open_items SET base_currency = currency, exchange_rate = 1, gross_base = gross, paid_base = paid,
      credited_base = credited, outstanding_base = outstanding`);
    await runner.query(`ALTER TABLE open_items
      ALTER COLUMN base_currency SET NOT NULL,
      ALTER COLUMN exchange_rate SET NOT NULL,
      ALTER COLUMN gross_base SET NOT NULL,
      ALTER COLUMN paid_base SET NOT NULL,
      ALTER COLUMN credited_base SET NOT NULL,
      ALTER COLUMN outstanding_base SET NOT NULL,
      ADD CONSTRAINT open_items_exchange_rate_positive CHECK (exchange_rate > 0),
      ADD CONSTRAINT open_items_outstanding_base CHECK (outstanding_base = gross_base - paid_base - credited_base),
      ADD CONSTRAINT open_items_outstanding_base_not_negative CHECK (outstanding_base >= 0)`);

    await runner.query(`ALTER TABLE customer_balances
      ADD COLUMN base_currency text,
      ADD COLUMN balance_base numeric,
      ADD COLUMN unapplied_credit_base numeric`);
    await runner.query('UPDATE customer_balances SET base_currency = currency, balance_base = balance, unapplied_credit_base = unapplied_credit');
    await runner.query(`ALTER TABLE customer_balances
      ALTER COLUMN base_currency SET NOT NULL,
      ALTER COLUMN balance_base SET NOT NULL,
      ALTER COLUMN unapplied_credit_base SET NOT NULL,
      ADD CONSTRAINT customer_balances_unapplied_not_negative CHECK (unapplied_credit >= 0 AND unapplied_credit_base >= 0)`);

    // One row per settlement of an invoice, with its date: the aging report as of a past day adds back
    // what was settled after it. A payment allocating to three invoices is three rows.
    await runner.query(`CREATE TABLE settlements (
      source_id uuid NOT NULL,
      source_type text NOT NULL CHECK (source_type IN ('payment', 'credit_application', 'credit_note')),
      invoice_id uuid NOT NULL,
      amount numeric NOT NULL CHECK (amount >= 0),
      currency text NOT NULL,
      base_amount numeric NOT NULL CHECK (base_amount >= 0),
      base_currency text NOT NULL,
      settled_on date NOT NULL,
      position text COLLATE "C" NOT NULL,
      PRIMARY KEY (source_id, source_type, invoice_id)
    )`);
    // OUTSTANDING_AS_OF: the settlements of one invoice dated after a day.
    await runner.query('CREATE INDEX settlements_invoice ON settlements (invoice_id, settled_on)');

    await runner.query(`CREATE TABLE payments (
      payment_id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      amount numeric NOT NULL CHECK (amount >= 0),
      currency text NOT NULL,
      received_on date NOT NULL,
      exchange_rate numeric NOT NULL CHECK (exchange_rate > 0),
      base_currency text NOT NULL,
      base_amount numeric NOT NULL,
      allocated numeric NOT NULL CHECK (allocated >= 0),
      unallocated numeric NOT NULL CHECK (unallocated >= 0),
      allocated_base numeric NOT NULL,
      unallocated_base numeric NOT NULL,
      exchange_difference numeric NOT NULL,
      position text COLLATE "C" NOT NULL,
      CHECK (amount = allocated + unallocated),
      CHECK (base_amount = allocated_base + unallocated_base + exchange_difference)
    )`);
    await runner.query('CREATE INDEX payments_customer ON payments (customer_id, received_on)');

    await runner.query(`CREATE TABLE credit_notes (
      credit_note_id uuid PRIMARY KEY,
      number text,
      invoice_id uuid NOT NULL,
      order_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      currency text NOT NULL,
      credit_date date NOT NULL,
      exchange_rate numeric NOT NULL CHECK (exchange_rate > 0),
      base_currency text NOT NULL,
      net numeric NOT NULL,
      tax numeric NOT NULL,
      gross numeric NOT NULL,
      applied numeric NOT NULL CHECK (applied >= 0),
      to_credit numeric NOT NULL CHECK (to_credit >= 0),
      net_base numeric NOT NULL,
      tax_base numeric NOT NULL,
      gross_base numeric NOT NULL,
      applied_base numeric NOT NULL CHECK (applied_base >= 0),
      to_credit_base numeric NOT NULL CHECK (to_credit_base >= 0),
      exchange_difference numeric NOT NULL,
      position text COLLATE "C" NOT NULL,
      updated_position text COLLATE "C" NOT NULL,
      CHECK (gross = applied + to_credit),
      CHECK (gross_base = applied_base + to_credit_base + exchange_difference)
    )`);
    await runner.query('CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id)');
    await runner.query('CREATE INDEX credit_notes_customer ON credit_notes (customer_id, credit_date)');
    await runner.query('CREATE UNIQUE INDEX credit_notes_number ON credit_notes (number) WHERE number IS NOT NULL');

    await runner.query(`CREATE TABLE pending_credit_note_numbers (
      credit_note_id uuid PRIMARY KEY,
      invoice_id uuid NOT NULL,
      order_id uuid NOT NULL,
      number text NOT NULL,
      year integer NOT NULL,
      numbered_position text COLLATE "C" NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['pending_credit_note_numbers', 'credit_notes', 'payments', 'settlements']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query(`ALTER TABLE customer_balances DROP CONSTRAINT customer_balances_unapplied_not_negative,
      DROP COLUMN base_currency, DROP COLUMN balance_base, DROP COLUMN unapplied_credit_base`);
    await runner.query(`ALTER TABLE open_items DROP CONSTRAINT open_items_exchange_rate_positive, DROP CONSTRAINT open_items_outstanding_base,
      DROP CONSTRAINT open_items_outstanding_base_not_negative, DROP COLUMN base_currency, DROP COLUMN exchange_rate, DROP COLUMN gross_base,
      DROP COLUMN paid_base, DROP COLUMN credited_base, DROP COLUMN outstanding_base`);
  }
}
