import { Client } from 'pg';
import { generationSchema } from '@ledgerline/projections/runtime/generation';

export interface FixtureSize {
  /** Rows of each list table (customers, products, invoices, credit notes, payments, journal entries). */
  rows: number;
  /** Customers the invoices, credit notes and payments belong to (the first ones of the customer rows). */
  invoicedCustomers: number;
}

/**
 * Fills the live generations of the read models the lists read with `rows` rows each (orders too), straight in SQL: the
 * bench measures the read path at a size whose log would take hours to write here, so the rows are made
 * to the tables' own rules (the CHECKs hold) rather than folded from events. Ids derive from the row
 * number (md5), money is EUR: 60 % of invoices paid, 10 % partly, 30 % open, dated over two years with 30
 * days of terms, so most open ones are overdue; each paid one settled 3 days before its due date or today,
 * whichever is earlier (nothing is received in the future). VACUUM ANALYZE afterwards, as autovacuum would soon after a bulk load.
 */
export async function fillReadModels(url: string, size: FixtureSize): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const [directory, receivables, journals, orders] = ['directory', 'receivables', 'journals', 'orders'].map((name) => generationSchema(name, 1));
  const n = size.rows;
  const k = size.invoicedCustomers;
  try {
    await client.query(`INSERT INTO ${directory}.customer_entries
      SELECT md5('c' || i)::uuid, name, lower(name), 'ap' || i || '@customer' || (i % 97) || '.example', 'EUR', NULL, 30, i % 50 = 0,
             CASE WHEN i % 7 = 0 THEN md5('s' || (i % 40))::uuid END, '[]'::jsonb, lower(name || ' ap' || i || '@customer' || (i % 97) || '.example'),
             timestamptz '2025-01-01' + i * interval '1 second', 0
      FROM (SELECT i, 'Customer ' || i || ' ' || (ARRAY['Müller & Søn', 'Łódź Trading', 'Acme', 'Nordwind', 'Grupo Sol', 'Kowalski'])[i % 6 + 1] AS name
            FROM generate_series(0, ${n - 1}) i) c`);
    await client.query(`INSERT INTO ${directory}.product_entries
      SELECT 'SKU-' || lpad(i::text, 7, '0'), 'Part ' || i || ' ' || (ARRAY['gasket', 'flange', 'bolt', 'valve', 'consulting day'])[i % 5 + 1],
             CASE WHEN i % 5 = 4 THEN 'service' ELSE 'stocked' END, 'EUR', (10 + i % 90)::numeric(12, 2), 0.20, NULL, i % 10 <> 0,
             CASE WHEN i % 3 = 0 THEN md5('p' || (i % 300))::uuid END, NULL,
             lower('SKU-' || lpad(i::text, 7, '0') || ' part ' || i || ' ' || (ARRAY['gasket', 'flange', 'bolt', 'valve', 'consulting day'])[i % 5 + 1]),
             timestamptz '2025-01-01' + i * interval '1 second', 0
      FROM generate_series(0, ${n - 1}) i`);
    await client.query(`INSERT INTO ${receivables}.open_items
        (invoice_id, number, customer_id, order_id, currency, invoice_date, due_date, gross, paid, credited, outstanding, status,
         issued_position, updated_position, base_currency, exchange_rate, gross_base, paid_base, credited_base, outstanding_base)
      SELECT md5('i' || i)::uuid, 'INV-' || (2025 + i / 1000000) || '-' || lpad((i % 1000000 + 1)::text, 6, '0'), md5('c' || (i % ${k}))::uuid,
             md5('o' || i)::uuid, 'EUR', d, d + 30, 120.00, paid, 0.00, 120.00 - paid,
             CASE WHEN paid = 120.00 THEN 'paid' WHEN paid > 0 THEN 'partially_paid' ELSE 'open' END,
             lpad(i::text, 12, '0'), lpad(i::text, 12, '0'), 'EUR', 1, 120.00, paid, 0.00, 120.00 - paid
      FROM (SELECT i, date '2025-01-01' + (i % 700) AS d, CASE WHEN i % 10 < 6 THEN 120.00 WHEN i % 10 = 6 THEN 20.00 ELSE 0.00 END AS paid
            FROM generate_series(0, ${n - 1}) i) s`);
    await client.query(`INSERT INTO ${receivables}.settlements
      SELECT md5('pay' || i)::uuid, 'payment', invoice_id, paid, 'EUR', paid, 'EUR', least(due_date - 3, current_date), lpad(i::text, 12, '0')
      FROM (SELECT row_number() OVER () AS i, invoice_id, paid, due_date FROM ${receivables}.open_items WHERE paid > 0) p`);
    await client.query(`INSERT INTO ${receivables}.payments
      SELECT md5('pay' || i)::uuid, md5('c' || (i % ${k}))::uuid, 120.00, 'EUR', date '2025-01-01' + (i % 700), 1, 'EUR', 120.00,
             100.00, 20.00, 100.00, 20.00, 0.00, lpad(i::text, 12, '0')
      FROM generate_series(0, ${n - 1}) i`);
    await client.query(`INSERT INTO ${receivables}.credit_notes
      SELECT md5('cn' || i)::uuid, 'CN-' || (2025 + i / 1000000) || '-' || lpad((i % 1000000 + 1)::text, 6, '0'), md5('i' || i)::uuid, md5('o' || i)::uuid,
             md5('c' || (i % ${k}))::uuid, 'EUR', date '2025-01-01' + (i % 700), 1, 'EUR', 10.00, 2.00, 12.00, 12.00, 0.00, 10.00, 2.00, 12.00, 12.00, 0.00, 0.00,
             lpad(i::text, 12, '0'), lpad(i::text, 12, '0')
      FROM generate_series(0, ${n - 1}) i`);
    await client.query(`INSERT INTO ${journals}.journal_entries
      SELECT 'e' || i || ':0', lpad(i::text, 12, '0'), 0, date '2025-01-01' + (i % 700), 'invoice', md5('i' || i)::uuid::text, md5('o' || i)::uuid::text, 'EUR',
             'Invoice ' || i, timestamptz '2025-01-01' + i * interval '1 second'
      FROM generate_series(0, ${n - 1}) i`);
    await client.query(`INSERT INTO ${journals}.journal_lines
      SELECT 'e' || i || ':0', l, (ARRAY['1100', '4000', '2100'])[l], CASE WHEN l = 1 THEN 120.00 ELSE 0 END, CASE l WHEN 2 THEN 100.00 WHEN 3 THEN 20.00 ELSE 0 END, 'EUR'
      FROM generate_series(0, ${n - 1}) i, generate_series(1, 3) l`);
    await client.query(`INSERT INTO ${orders}.order_summaries
        (order_id, customer_id, order_type, channel, status, currency, quote_id, customer_reference, requested_delivery_date, line_count, net, tax, gross,
         ordered_quantity, stocked_quantity, shipped_quantity, invoiced_quantity, credited_quantity, shipped_percent, invoiced_percent, active_shipments,
         invoiced_gross, credited_gross, expected_revenue, exchange_rate, base_currency, drafted_at, confirmed_at, updated_at, version, last_position)
      SELECT md5('o' || i)::uuid, md5('c' || (i % ${k}))::uuid, (ARRAY['standard', 'standard', 'standard', 'rush', 'service'])[i % 5 + 1],
             (ARRAY['manual', 'web', 'edi', 'pos'])[i % 4 + 1], (ARRAY['draft', 'confirmed', 'confirmed', 'locked', 'canceled'])[i % 5 + 1], 'EUR', NULL,
             'PO-' || i, NULL, 1, 100.00, 20.00, 120.00, 1, 1, 1, 1, 0, 100, 100, 0, 120.00, 0.00, 0.00, 1, 'EUR',
             timestamptz '2025-01-01' + i * interval '150 seconds', timestamptz '2025-01-01' + i * interval '150 seconds',
             timestamptz '2025-01-01' + i * interval '150 seconds', 3, lpad(i::text, 12, '0')
      FROM generate_series(0, ${n - 1}) i`);
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
