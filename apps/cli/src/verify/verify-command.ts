import { Pool } from 'pg';
import { createEventStore } from '@ledgerline/event-store/create-event-store';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { startDatabase } from '@ledgerline/platform/database/database-boot';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { VerifyReport, verifyAll } from '@ledgerline/projections/verify/verify-all';
import { createCliLogger } from '../cli-logger';
import { countEvents } from '../count-events';
import { createProgressReporter } from '../progress';
import { checkHashChain } from './hash-chain-check';
import { closePool } from '@ledgerline/platform/database/close-pool';
import { formatReport } from './verify-report';

const USAGE = `Usage: npm run cli -- verify [--json]

Checks that the read models and the ledger follow from the log, and that the log is untouched:
  (a) replays every projection into scratch tables and compares them row by row with the live ones;
  (b) checks domain.md's ledger invariants (balanced entries, 1100, 1200, 2200, order line quantities);
  (c) checks every stream's tamper-evident hash chain.
Exit code 0 only when everything holds, 1 on any finding or error, 2 for wrong usage.
--json prints the report as JSON on stdout, alone: progress and logs go to stderr. Through npm, run
\`npm run -s cli -- verify --json\`: without -s npm prints its banner on stdout too.`;

export async function verifyCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = args.find((a) => a !== '--json');
  if (unknown !== undefined) {
    process.stderr.write(`Unknown option: ${unknown}\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = createCliLogger(config.LOG_LEVEL, 'verify');
  const database = await startDatabase(config, logger);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const store = await createEventStore(config, pool, database.url);
  try {
    const report: VerifyReport = await verifyAll({
      store,
      pool,
      databaseUrl: database.url,
      projections: ALL_PROJECTIONS,
      checkChain: checkHashChain,
      progress: createProgressReporter(),
      totalEvents: await countEvents(store),
    });
    process.stdout.write(args.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    logger.info({ ok: report.ok }, 'verify finished');
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
    await closePool(pool);
    await database.stop();
  }
}
