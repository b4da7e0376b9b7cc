import 'reflect-metadata';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { listenHost } from '@ledgerline/platform/config/listen-address';
import { startDatabase } from '@ledgerline/platform/database/database-boot';
import { createLogger } from '@ledgerline/platform/logging/logger';
import { createApp } from './create-app';

/**
 * `npm start`: validate the configuration, start PostgreSQL (embedded in DATA_DIR unless DATABASE_URL is
 * set), serve HTTP on HOST:PORT. SIGTERM/SIGINT stop in order: stop taking requests, close pools, stop
 * PostgreSQL.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { servesHttp: true });
  const logger = createLogger(config.LOG_LEVEL, 'ledgerline-api');
  const host = listenHost(config);
  const database = await startDatabase(config, logger);
  let app;
  try {
    app = await createApp(config, database.url, logger);
    await (host === undefined ? app.listen(config.PORT) : app.listen(config.PORT, host));
  } catch (error) {
    await database.stop();
    throw error;
  }
  const where = host ?? 'every interface';
  logger.info({ host: where, port: config.PORT, eventStore: config.EVENT_STORE, embeddedDatabase: database.embedded }, `Ledgerline API listening on ${where}, port ${config.PORT} (docs: /v1/docs)`);
  if (config.apiKeys.length === 0) {
    logger.warn(
      { host: where, developmentMode: true },
      `DEVELOPMENT MODE: API_KEYS is empty, so EVERY CALLER IS ADMIN; listening on ${where} only. Set API_KEYS=[label:]key:role,… to serve anyone else.`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
      await database.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((error: unknown) => {
  // Config and start-up errors: one clear line, no stack for a ConfigError.
  const message = error instanceof Error && error.name === 'ConfigError' ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Ledgerline failed to start: ${message}\n`);
  process.exit(1);
});
