import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stock read model (projections/stock/README.md). Unqualified names: the runtime pins search_path to the
 * generation's schema. Quantities are numeric(18,3) (≤ 3 decimals); money is unconstrained `numeric`, so
 * each amount keeps exactly the minor digits of the currency it was rounded to; unit and average costs keep
 * 6 decimals. No surrogate keys: every row is named by the log (position) or the documents, so a rebuild
 * produces the very same rows. Key columns compare bytewise (COLLATE "C"): positions are built so that
 * text order is log order (ADR 0002), and byte comparison is the cheapest for the indexes.
 */
export class CreateStock1767225600000 implements MigrationInterface {
  name = 'CreateStock1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE stock_levels (
      sku text COLLATE "C" PRIMARY KEY,
      currency text,
      on_hand numeric(18,3) NOT NULL,
      reserved numeric(18,3) NOT NULL,
      available numeric(18,3) NOT NULL,
      average_cost numeric(24,6) NOT NULL,
      value numeric NOT NULL,
      updated_position text COLLATE "C" NOT NULL
    )`);

    // Keyed by sku first: one index serves both uniqueness and a sku's history in log order.
    await runner.query(`CREATE TABLE stock_movements (
      sku text COLLATE "C" NOT NULL,
      position text COLLATE "C" NOT NULL,
      seq integer NOT NULL,
      event_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('receipt', 'shipment', 'return')),
      quantity numeric(18,3) NOT NULL,
      unit_cost numeric(24,6) NOT NULL,
      amount numeric NOT NULL,
      on_hand_after numeric(18,3) NOT NULL,
      value_after numeric NOT NULL,
      average_cost_after numeric(24,6) NOT NULL,
      receipt_id text,
      order_id text,
      shipment_id text,
      line_id text,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (sku, position, seq)
    )`);

    await runner.query(`CREATE TABLE stock_issues (
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

    await runner.query(`CREATE TABLE stock_orders (
      order_id text COLLATE "C" PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('unconfirmed', 'confirmed', 'locked', 'canceled'))
    )`);

    await runner.query(`CREATE TABLE stock_order_lines (
      order_id text COLLATE "C" NOT NULL,
      line_id text COLLATE "C" NOT NULL,
      sku text NOT NULL,
      kind text NOT NULL,
      ordered numeric(18,3) NOT NULL,
      shipped numeric(18,3) NOT NULL,
      reserved numeric(18,3) NOT NULL,
      PRIMARY KEY (order_id, line_id)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['stock_order_lines', 'stock_orders', 'stock_issues', 'stock_movements', 'stock_levels']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
