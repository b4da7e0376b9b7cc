import { Client } from 'pg';

/**
 * How many events the PostgreSQL log holds, committed, counted directly. "Writes nothing" is checked with
 * this rather than with the head position: the gap-safe head may still be catching up with an earlier
 * write (any open transaction in the cluster holds it back), and would then move without a new event.
 */
export async function logSize(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM es_events');
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
