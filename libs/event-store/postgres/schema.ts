import { SqlMigration } from '../../platform/database/sql-migrations';

/**
 * The event table (docs/adr/0001-event-table-and-gap-safety.md). `transaction_id` lets readers stop below
 * the oldest transaction still in flight, so a late commit is never passed over; `es_streams` holds each
 * stream's version and serialises writers of one stream on its row.
 */
export const eventStoreMigrations: readonly SqlMigration[] = [
  {
    id: '0001-events',
    sql: `
      CREATE TABLE es_streams (
        stream_id text PRIMARY KEY,
        version bigint NOT NULL CHECK (version >= 0)
      );
      CREATE TABLE es_events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        version bigint NOT NULL CHECK (version >= 0),
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, version)
      );
      CREATE INDEX es_events_log_order ON es_events (transaction_id, global_position);
      CREATE INDEX es_events_type ON es_events (type, transaction_id, global_position);
    `,
  },
];
