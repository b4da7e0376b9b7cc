import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order's channel, and indexes for the list's further filters (projections/orders/README.md).
 *
 * Written for both ways a generation meets it: a fresh one (the rebuild fills the column from the log) and
 * one built by the code before it (rows already there): an order drafted before channels were recorded
 * reads `manual`, as the order itself does. The default only serves that backfill and is dropped after it.
 */
export class OrdersChannelsAndListFilters1767830400000 implements MigrationInterface {
  name = 'OrdersChannelsAndListFilters1767830400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE order_summaries ADD COLUMN channel text NOT NULL DEFAULT 'manual'`);
    await runner.query('ALTER TABLE order_summaries ALTER COLUMN channel DROP DEFAULT');
    // Each filter's index ends in the list's sort key, so a filtered page is an index range scan. A
    // customer reference is looked up within its customer (the integration's own PO number), or alone.
    await runner.query('CREATE INDEX order_summaries_type ON order_summaries (order_type, drafted_at DESC, order_id DESC)');
    await runner.query('CREATE INDEX order_summaries_channel ON order_summaries (channel, drafted_at DESC, order_id DESC)');
    await runner.query('CREATE INDEX order_summaries_reference ON order_summaries (lower(customer_reference), drafted_at DESC, order_id DESC) WHERE customer_reference IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX order_summaries_reference');
    await runner.query('DROP INDEX order_summaries_channel');
    await runner.query('DROP INDEX order_summaries_type');
    await runner.query('ALTER TABLE order_summaries DROP COLUMN channel');
  }
}
