import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { createLogger } from '@ledgerline/platform/logging/logger';
import { createApp } from '../../../apps/api/src/create-app';

export interface LiveApp {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real HTTP app on the bench database, as `npm start` runs it: PostgreSQL event store, projections
 * in-process (they pick up the generations the rebuilds just swapped in), on a free port of 127.0.0.1.
 * Silent, and in development mode (no API keys): the bench measures the read path, not authentication.
 * `overrides` sets further variables (a bench's own limits).
 */
export async function startLiveApp(databaseUrl: string, overrides: Record<string, string> = {}): Promise<LiveApp> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'silent',
    API_KEYS: '',
    EVENT_STORE: 'postgres',
    PROJECTIONS: 'in-process',
    DATABASE_URL: databaseUrl,
    ...overrides,
  });
  const app = await createApp(config, databaseUrl, createLogger('silent', 'ledgerline-api'));
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
