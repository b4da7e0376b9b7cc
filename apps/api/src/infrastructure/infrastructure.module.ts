import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { createEventStore } from '@ledgerline/event-store/create-event-store';
import type { EventStore } from '@ledgerline/event-store/port';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { Lookups } from '@ledgerline/application/shared/lookups';
import { APP_CONFIG, DATABASE_URL, EVENT_STORE, PG_POOL } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { CheckpointStore } from '@ledgerline/platform/checkpoints/checkpoint-store';
import { closePool } from '@ledgerline/platform/database/close-pool';
import { IdempotencyStore } from '@ledgerline/platform/idempotency/idempotency-store';

/**
 * What the app is wired to: its config, the PostgreSQL pool, the chosen event store, the idempotency keys.
 * Closes them on shutdown, in the reverse order.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly idempotency: IdempotencyStore,
  ) {}

  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        {
          provide: PG_POOL,
          useFactory: () => {
            const pool = new Pool({ connectionString: databaseUrl, max: 20, idleTimeoutMillis: 30_000 });
            // An idle client whose connection drops leaves the pool by itself; log it rather than crash.
            pool.on('error', (error) => new Logger('PostgreSQL').warn(`idle connection lost: ${error.message}`));
            return pool;
          },
        },
        {
          provide: EVENT_STORE,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => createEventStore(config, pool, databaseUrl),
        },
        {
          provide: IdempotencyStore,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const store = new IdempotencyStore(pool, (error) =>
              new Logger('Idempotency').warn(`claim holder connection lost, reconnecting: ${error.message}`),
            );
            await store.migrate();
            await store.start();
            return store;
          },
        },
        {
          provide: CheckpointStore,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const store = new CheckpointStore(pool);
            await store.migrate();
            return store;
          },
        },
        AggregateStore,
        Lookups,
      ],
      exports: [APP_CONFIG, DATABASE_URL, PG_POOL, EVENT_STORE, IdempotencyStore, CheckpointStore, AggregateStore, Lookups],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.idempotency.close();
    await this.store.close();
    await closePool(this.pool);
  }
}
