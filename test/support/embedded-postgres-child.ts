/**
 * The app's embedded PostgreSQL on DATA_DIR, in a process of its own as the app's would be, for tests that
 * seed or change a data folder the app or the CLI then starts itself. One command per stdin line: `start`
 * answers with the database URL, `stop` with `stopped`. When stdin closes it stops the server if it runs
 * and exits. One process serves many starts: each costs no ts-node start.
 */
import { createInterface } from 'node:readline';
import { EmbeddedDatabase, startEmbeddedPostgres } from '@ledgerline/platform/database/embedded-postgres';
import { createLogger } from '@ledgerline/platform/logging/logger';

async function main(): Promise<void> {
  let database: EmbeddedDatabase | undefined;
  for await (const command of createInterface({ input: process.stdin })) {
    if (command === 'start' && !database) {
      database = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR as string, logger: createLogger('silent') });
      process.stdout.write(`${database.url}\n`);
    } else if (command === 'stop' && database) {
      await database.stop();
      database = undefined;
      process.stdout.write('stopped\n');
    } else {
      throw new Error(`unexpected command "${command}" (server ${database ? 'running' : 'stopped'})`);
    }
  }
  await database?.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1); // a server still running is stopped on exit (embedded-postgres.ts)
});
