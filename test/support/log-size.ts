import { Client } from 'pg';
import { postgresPosition } from '@ledgerline/event-store/positions';

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

/**
 * Position of the last committed event, read directly. Tests wait for this rather than for the store's
 * head: the head is gap-safe and may still sit behind a commit while another transaction in the cluster
 * (another test file's) is open, so waiting for it could return before the last append is applied.
 */
export async function lastAppendedPosition(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id, global_position FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
    );
    return rows.length === 0 ? '' : postgresPosition.encode(rows[0].transaction_id, rows[0].global_position);
  } finally {
    await client.end();
  }
}
