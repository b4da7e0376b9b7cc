import { loadConfig } from '@ledgerline/platform/config/app-config';
import { startDatabase } from '@ledgerline/platform/database/database-boot';
import type { Logger } from 'pino';
import { createBenchLogger } from './bench-logger';
import { UsageError } from './bench-options';
import { createScratchDatabase, ScratchDatabase, sweepLeftoverDatabases } from './scratch-database';

export interface BenchDefinition<Options extends { outDir: string }, Results> {
  /** The command's name, as logged (`bench:store`). */
  name: string;
  usage: string;
  parse(args: readonly string[]): Options | 'help';
  /** What to say when Ctrl-C arrives mid-run. */
  interruptNotice: string;
  measure(run: { url: string; embedded: boolean; options: Options; startedAt: Date; logger: Logger; signal: AbortSignal }): Promise<Results>;
  write(outDir: string, results: Results): Promise<string>;
  render(results: Results): string;
  /** What went wrong in a run that measured to the end (commands that failed…): the run then exits 1, after its table. */
  failure?(results: Results): string | undefined;
}

/**
 * What every benchmark does around its measurement: parse options, boot the database the app would use,
 * measure on a throwaway database there (the app's data is never touched), print a table, write JSON, and
 * clean up even on Ctrl-C. Returns the exit code: 0, 1 failed (or measured a failure), 2 bad usage, 130 interrupted.
 */
export async function runBench<Options extends { outDir: string }, Results>(bench: BenchDefinition<Options, Results>, args: readonly string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = bench.parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${bench.name}: ${error.message}\n\n${bench.usage}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${bench.usage}\n`);
    return 0;
  }

  const config = loadConfig();
  const logger = createBenchLogger(config.LOG_LEVEL, bench.name);
  const interrupted = new AbortController();
  const onSignal = () => {
    logger.warn(bench.interruptNotice);
    interrupted.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const startedAt = new Date();
  let scratch: ScratchDatabase | undefined;
  const database = await startDatabase(config, logger);
  try {
    await sweepLeftoverDatabases(database.url, database.embedded, logger);
    scratch = await createScratchDatabase(database.url, startedAt);
    logger.info({ database: scratch.name, server: database.embedded ? 'embedded' : 'external', options }, 'bench database created');
    const results = await bench.measure({ url: scratch.url, embedded: database.embedded, options, startedAt, logger, signal: interrupted.signal });
    if (interrupted.signal.aborted) return 130;
    const file = await bench.write(options.outDir, results);
    process.stdout.write(`\n${bench.render(results)}\n`);
    logger.info({ results, file }, `${bench.name} results`);
    const failure = bench.failure?.(results);
    if (failure) {
      logger.error({ file }, `${bench.name}: ${failure}`);
      process.stderr.write(`\n${bench.name} FAILED: ${failure}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    logger.error({ err: error }, `${bench.name} failed`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (scratch) {
      await scratch.drop().then(
        () => logger.info({ database: scratch?.name }, 'bench database dropped'),
        (error: unknown) => logger.error({ err: error, database: scratch?.name }, 'could not drop the bench database'),
      );
    }
    await database.stop();
  }
}
