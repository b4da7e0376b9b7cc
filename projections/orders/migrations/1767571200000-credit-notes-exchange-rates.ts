import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit notes and exchange rates (projections/orders/README.md): what credit notes took off the
 * lines and the order, and the order's rate to the ledger's base currency.
 *
 * Written for both ways a generation meets it: a fresh one (empty tables, the rebuild fills every column
 * from the log) and one built by the code before it (rows already there, kept running). Existing rows get
 * what the new code would have written for the same events: no credit note was folded yet, so 0 credited;
 * an order confirmed before exchange rates were recorded has rate "1" in its own currency (OrderConfirmed carried no rate), one
 * not confirmed has neither (OrderDrafted carried no rate either). The defaults only serve that backfill and
 * are dropped after it: every write names every column, as before.
 */
export class OrdersCreditNotesExchangeRates1767571200000 implements MigrationInterface {
  name = 'OrdersCreditNotesExchangeRates1767571200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE order_summaries
      ADD COLUMN credited_quantity numeric(18,3) NOT NULL DEFAULT 0,
      ADD COLUMN credited_gross numeric,
      ADD COLUMN exchange_rate numeric,
      ADD COLUMN base_currency text`);
    // Money keeps the currency's minor digits: 0 written as the order's invoiced gross is ("0.00", "0", "0.000").
    await runner.query(`UPDATE order_summaries SET
      credited_gross = round(0, scale(invoiced_gross)),
      exchange_rate = CASE WHEN confirmed_at IS NULL THEN NULL ELSE 1 END,
      base_currency = CASE WHEN confirmed_at IS NULL THEN NULL ELSE currency END`);
    await runner.query(`ALTER TABLE order_summaries
      ALTER COLUMN credited_quantity DROP DEFAULT,
      ALTER COLUMN credited_gross SET NOT NULL`);

    await runner.query('ALTER TABLE order_summary_lines ADD COLUMN credited numeric(18,3) NOT NULL DEFAULT 0');
    await runner.query('ALTER TABLE order_summary_lines ALTER COLUMN credited DROP DEFAULT');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE order_summary_lines DROP COLUMN credited');
    await runner.query(`ALTER TABLE order_summaries
      DROP COLUMN base_currency,
      DROP COLUMN exchange_rate,
      DROP COLUMN credited_gross,
      DROP COLUMN credited_quantity`);
  }
}
