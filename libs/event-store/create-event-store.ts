import { Pool } from 'pg';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import type { EventStore } from './port';
import { PostgresEventStore } from './postgres/postgres-event-store';

export interface EventStoreChoice {
  EVENT_STORE: 'postgres' | 'eventstoredb';
  EVENTSTORE_URL?: string;
}

/**
 * The adapter named by EVENT_STORE, ready to use (schema migrated). PostgreSQL shares the app's pool.
 */
export async function createEventStore(choice: EventStoreChoice, pool: Pool, databaseUrl: string): Promise<EventStore> {
  if (choice.EVENT_STORE === 'eventstoredb') {
    return EventStoreDbEventStore.fromConnectionString(choice.EVENTSTORE_URL as string);
  }
  const store = new PostgresEventStore({ pool, listenConfig: { connectionString: databaseUrl } });
  await store.migrate();
  return store;
}
