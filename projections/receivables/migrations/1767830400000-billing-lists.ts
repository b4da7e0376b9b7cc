import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lists of invoices, credit notes and payments (api.md part two "Lists and search") read the
 * receivables tables: newest first with a keyset cursor on (date, id), so each filter's index ends in that
 * sort key and a filtered page is an index range scan; and the aging report's two indexes. Indexes only:
 * existing generations keep their rows.
 */
export class ReceivablesBillingLists1767830400000 implements MigrationInterface {
  name = 'ReceivablesBillingLists1767830400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX open_items_listed ON open_items (invoice_date DESC, invoice_id DESC)');
    await runner.query('CREATE INDEX open_items_customer_listed ON open_items (customer_id, invoice_date DESC, invoice_id DESC)');
    await runner.query('CREATE INDEX open_items_status_listed ON open_items (status, invoice_date DESC, invoice_id DESC)');
    // Overdue invoices are the unpaid ones past their due date: few of all, found by due date.
    await runner.query('CREATE INDEX open_items_overdue ON open_items (due_date) WHERE outstanding > 0');
    // The aging report reads every invoice that owes something: from this index alone, not the table.
    await runner.query('CREATE INDEX open_items_owing ON open_items (invoice_date) INCLUDE (invoice_id, customer_id, currency, due_date, outstanding) WHERE outstanding > 0');
    // ...and the settlements dated after its day, few for a recent one.
    await runner.query('CREATE INDEX settlements_settled_on ON settlements (settled_on)');
    await runner.query('CREATE INDEX credit_notes_listed ON credit_notes (credit_date DESC, credit_note_id DESC)');
    await runner.query('CREATE INDEX credit_notes_customer_listed ON credit_notes (customer_id, credit_date DESC, credit_note_id DESC)');
    await runner.query('CREATE INDEX payments_listed ON payments (received_on DESC, payment_id DESC)');
    await runner.query('CREATE INDEX payments_customer_listed ON payments (customer_id, received_on DESC, payment_id DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of [
      'payments_customer_listed',
      'payments_listed',
      'credit_notes_customer_listed',
      'credit_notes_listed',
      'settlements_settled_on',
      'open_items_owing',
      'open_items_overdue',
      'open_items_status_listed',
      'open_items_customer_listed',
      'open_items_listed',
    ]) {
      await runner.query(`DROP INDEX ${index}`);
    }
  }
}
