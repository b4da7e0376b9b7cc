import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore } from '@ledgerline/event-store/port';
import { APP_CONFIG, DATABASE_URL, EVENT_STORE, PG_POOL } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';

export const PROJECTION_HOST = Symbol('PROJECTION_HOST');

/** The projections this app serves reads from, running in-process (ADR 0006). */
export const projectionHostProvider: Provider = {
  provide: PROJECTION_HOST,
  inject: [EVENT_STORE, PG_POOL, DATABASE_URL, APP_CONFIG],
  useFactory: async (store: EventStore, pool: Pool, databaseUrl: string, config: AppConfig) => {
    const mode = config.PROJECTIONS === 'off' ? 'read' : 'run';
    const host = new ProjectionHost(store, pool, databaseUrl, ALL_PROJECTIONS, {}, mode);
    await host.start();
    return host;
  },
};

/** Stops the runners before the store and the pools close. */
@Injectable()
export class ProjectionHostShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(PROJECTION_HOST) private readonly host: ProjectionHost) {}

  beforeApplicationShutdown(): Promise<void> {
    return this.host.close();
  }
}
