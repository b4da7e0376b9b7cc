import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The orders read model (projections/orders/README.md). Unqualified names: the runtime pins search_path to
 * the generation's schema. Money and rates are unconstrained `numeric`, so each value keeps exactly the
 * digits it was written with (the currency's minor digits for money); quantities have at most 3 decimals.
 */
export class CreateOrders1767312000000 implements MigrationInterface {
  name = 'CreateOrders1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE order_summaries (
      order_id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      order_type text NOT NULL,
      status text NOT NULL,
      currency text NOT NULL,
      quote_id uuid,
      customer_reference text,
      requested_delivery_date text,
      line_count integer NOT NULL,
      net numeric NOT NULL,
      tax numeric NOT NULL,
      gross numeric NOT NULL,
      ordered_quantity numeric(18,3) NOT NULL,
      stocked_quantity numeric(18,3) NOT NULL,
      shipped_quantity numeric(18,3) NOT NULL,
      invoiced_quantity numeric(18,3) NOT NULL,
      shipped_percent numeric(5,2),
      invoiced_percent numeric(5,2),
      active_shipments integer NOT NULL,
      invoiced_gross numeric NOT NULL,
      expected_revenue numeric NOT NULL,
      drafted_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL,
      last_position text NOT NULL
    ) WITH (fillfactor = 70)`);
    // The list is newest first with a keyset cursor on (drafted_at, order_id): one index per filter, each
    // ending in the sort key so a filtered page is an index range scan.
    await runner.query('CREATE INDEX order_summaries_drafted ON order_summaries (drafted_at DESC, order_id DESC)');
    await runner.query('CREATE INDEX order_summaries_status ON order_summaries (status, drafted_at DESC, order_id DESC)');
    await runner.query('CREATE INDEX order_summaries_customer ON order_summaries (customer_id, drafted_at DESC, order_id DESC)');

    await runner.query(`CREATE TABLE order_summary_lines (
      order_id uuid NOT NULL,
      line_id uuid NOT NULL,
      line_no integer NOT NULL,
      sku text NOT NULL,
      kind text NOT NULL,
      quantity numeric(18,3) NOT NULL,
      unit_price numeric NOT NULL,
      discount numeric NOT NULL,
      tax_rate numeric NOT NULL,
      shipped numeric(18,3) NOT NULL,
      invoiced numeric(18,3) NOT NULL,
      net numeric NOT NULL,
      tax numeric NOT NULL,
      gross numeric NOT NULL,
      PRIMARY KEY (order_id, line_id)
    ) WITH (fillfactor = 70)`);

    await runner.query(`CREATE TABLE order_shipments (
      order_id uuid NOT NULL,
      shipment_id uuid NOT NULL,
      status text NOT NULL,
      quantity numeric(18,3) NOT NULL,
      returned_quantity numeric(18,3) NOT NULL,
      shipped_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (order_id, shipment_id)
    ) WITH (fillfactor = 70)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE order_shipments');
    await runner.query('DROP TABLE order_summary_lines');
    await runner.query('DROP TABLE order_summaries');
  }
}
