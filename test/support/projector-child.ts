/**
 * A projector process for crash tests: runs one projection's generation 1 against DATABASE_URL until it is
 * killed. Prints "running" once it follows the log.
 */
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { generationSchema, openGeneration } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL as string;
  const projection = ALL_PROJECTIONS.find((p) => p.name === process.env.PROJECTION);
  if (!projection) throw new Error(`unknown projection ${process.env.PROJECTION}`);
  const store = PostgresEventStore.fromConnectionString(url);
  const schema = generationSchema(projection.name, 1);
  const dataSource = await openGeneration(url, projection, schema);
  const runner = new ProjectionRunner(store, dataSource, projection, schema, { batchSize: Number(process.env.BATCH_SIZE ?? 50), standbyRetryMs: 50 });
  runner.once('progress', () => process.stdout.write('running\n'));
  await runner.run(new AbortController().signal);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
