import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory read model (projections/directory/README.md): customers and products as an operator finds
 * them. Unqualified names: the runtime pins search_path to the generation's schema. `q` is a
 * case-insensitive substring search over `search_text` (lower-cased when written), served by a trigram
 * index; pg_trgm is a trusted extension (a database owner may create it), and its operator class is
 * named with the schema it was installed in, which need not be on the generation's search_path.
 */
export class CreateDirectory1767744000000 implements MigrationInterface {
  name = 'CreateDirectory1767744000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    const [{ schema }]: { schema: string }[] = await runner.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    );
    const trgm = `"${schema.replace(/"/g, '""')}".gin_trgm_ops`;

    await runner.query(`CREATE TABLE customer_entries (
      customer_id uuid PRIMARY KEY,
      name text NOT NULL,
      sort_name text NOT NULL,
      email text,
      currency text NOT NULL,
      credit_limit numeric,
      payment_terms_days integer NOT NULL,
      blocked boolean NOT NULL,
      salesperson_id uuid,
      contacts jsonb NOT NULL,
      search_text text NOT NULL,
      created_at timestamptz NOT NULL,
      version integer NOT NULL
    )`);
    // The list is alphabetical with a keyset cursor on (sort_name, customer_id): each filter's index ends
    // in the sort key, so a filtered page is an index range scan.
    await runner.query('CREATE INDEX customer_entries_sorted ON customer_entries (sort_name, customer_id)');
    await runner.query('CREATE INDEX customer_entries_blocked ON customer_entries (blocked, sort_name, customer_id)');
    await runner.query('CREATE INDEX customer_entries_salesperson ON customer_entries (salesperson_id, sort_name, customer_id)');
    await runner.query(`CREATE INDEX customer_entries_search ON customer_entries USING gin (search_text ${trgm})`);

    await runner.query(`CREATE TABLE product_entries (
      sku text COLLATE "C" PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      currency text NOT NULL,
      unit_price numeric NOT NULL,
      tax_rate numeric NOT NULL,
      unit_cost numeric,
      active boolean NOT NULL,
      supplier_id uuid,
      purchase_price numeric,
      search_text text NOT NULL,
      created_at timestamptz NOT NULL,
      version integer NOT NULL
    )`);
    // Sorted by sku (byte order, as skus are case-sensitive): the primary key serves the unfiltered list.
    await runner.query('CREATE INDEX product_entries_kind ON product_entries (kind, sku)');
    await runner.query('CREATE INDEX product_entries_active ON product_entries (active, sku)');
    await runner.query('CREATE INDEX product_entries_supplier ON product_entries (supplier_id, sku)');
    await runner.query(`CREATE INDEX product_entries_search ON product_entries USING gin (search_text ${trgm})`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE product_entries');
    await runner.query('DROP TABLE customer_entries');
  }
}
