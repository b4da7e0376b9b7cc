import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The receivables read model (projections/receivables/README.md). Unqualified names: the runtime pins
 * search_path to the generation's schema. Money is unconstrained `numeric`, so each amount keeps exactly
 * the minor digits of its currency; dates are `date` (calendar days, no time zone); positions compare
 * bytewise (COLLATE "C"), which is log order (ADR 0002). The CHECKs state the invariants the fold keeps:
 * a batch that would break one fails, and the runtime stops the projection at that event.
 */
export class CreateReceivables1767398400000 implements MigrationInterface {
  name = 'CreateReceivables1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    // Payments and credit notes move paid, credited, outstanding and status of existing rows:
    // fillfactor leaves room on each page for those updates to stay HOT.
    await runner.query(`CREATE TABLE open_items (
      invoice_id uuid PRIMARY KEY,
      number text,
      customer_id uuid NOT NULL,
      order_id uuid NOT NULL,
      currency text NOT NULL,
      invoice_date date NOT NULL,
      due_date date NOT NULL,
      gross numeric NOT NULL,
      paid numeric NOT NULL,
      credited numeric NOT NULL,
      outstanding numeric NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'partially_paid', 'paid')),
      issued_position text COLLATE "C" NOT NULL,
      updated_position text COLLATE "C" NOT NULL,
      CHECK (outstanding = gross - paid - credited),
      CHECK (outstanding >= 0)
    ) WITH (fillfactor = 80)`);
    // A customer's open invoices, oldest due first: an index range scan.
    await runner.query('CREATE INDEX open_items_customer_due ON open_items (customer_id, due_date, invoice_id)');
    // Numbers are gap-free and unique (ADR 0005): a second invoice with the same number is an inconsistent log.
    await runner.query('CREATE UNIQUE INDEX open_items_number ON open_items (number) WHERE number IS NOT NULL');

    await runner.query(`CREATE TABLE customer_balances (
      customer_id uuid NOT NULL,
      currency text NOT NULL,
      balance numeric NOT NULL,
      unapplied_credit numeric NOT NULL,
      invoice_count integer NOT NULL,
      open_invoice_count integer NOT NULL,
      updated_position text COLLATE "C" NOT NULL,
      PRIMARY KEY (customer_id, currency)
    ) WITH (fillfactor = 80)`);

    await runner.query(`CREATE TABLE pending_invoice_numbers (
      invoice_id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      number text NOT NULL,
      year integer NOT NULL,
      numbered_position text COLLATE "C" NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['pending_invoice_numbers', 'customer_balances', 'open_items']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
