import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
  embedded: boolean;
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL in DATA_DIR. */
export async function startDatabase(config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_PG_PORT'> & Partial<Pick<AppConfig, 'PORT'>>, logger: Logger): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => undefined, embedded: false };
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, avoidPorts: config.PORT ? [config.PORT] : [], logger });
  return { ...embedded, embedded: true };
}
