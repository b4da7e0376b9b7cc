import { Pool } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { createTestDatabase } from '../support/test-database';
import { eventStoreContract } from './contract';

let database: { url: string; drop: () => Promise<void> };
let admin: Pool;

beforeAll(async () => {
  database = await createTestDatabase('es_contract');
  admin = new Pool({ connectionString: database.url, max: 2 });
  const store = PostgresEventStore.fromConnectionString(database.url);
  await store.migrate();
  await store.close();
});
afterAll(async () => {
  await admin.end();
  await database.drop();
});

eventStoreContract('postgres', async () => {
  await admin.query('TRUNCATE es_events, es_streams');
  const store = PostgresEventStore.fromConnectionString(database.url, { max: 20 });
  return { store, dispose: () => store.close() };
});
