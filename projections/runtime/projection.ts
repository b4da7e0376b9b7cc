import type { DataSourceOptions, EntityManager } from 'typeorm';
import type { StoredEvent } from '../../libs/event-store/port';

/**
 * A read model built from the log (docs/adr/0006-projection-runtime.md). The runtime feeds it every event
 * in log order, in batches; `apply` writes the batch's effect through the transaction's EntityManager, and
 * the runtime moves the checkpoint in that same transaction. `apply` therefore never sees an event twice
 * and must not skip one: an event it cannot handle throws, which stops this projection (status `failed`)
 * and no other.
 */
export interface Projection {
  /** Stable name: the HTTP status endpoint, the CLI and the schema names use it. */
  name: string;
  /** TypeORM entities of its tables; they live in the projection's generation schema. */
  entities: NonNullable<DataSourceOptions['entities']>;
  /** TypeORM migrations creating those tables, run in a fresh generation schema. */
  migrations: NonNullable<DataSourceOptions['migrations']>;
  apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void>;
  /**
   * Indexes of its tables that only reads use (no query of `apply` needs them, and none is unique): a
   * rebuild builds them once it has replayed the log instead of row by row (deferred-indexes.ts).
   */
  readIndexes?: readonly string[];
}
