import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/api/src/create-app';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { createLogger } from '@ledgerline/platform/logging/logger';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The real HTTP app on its own database of the run's PostgreSQL, configured through the same loadConfig as
 * production. `env` overrides variables (API_KEYS, EVENT_STORE…). With `databaseUrl` it runs on that
 * database instead (a restart), which close() then leaves to its owner.
 */
export async function startTestApp(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestApp> {
  const database = databaseUrl === undefined ? await createTestDatabase('e2e') : { url: databaseUrl, drop: async () => undefined };
  const config = loadConfig({ PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env }, { servesHttp: true });
  const app = await createApp(config, database.url, createLogger(config.LOG_LEVEL));
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
