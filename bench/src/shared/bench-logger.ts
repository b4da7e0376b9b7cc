import { createLogger } from '@ledgerline/platform/logging/logger';
import type { Logger } from 'pino';

/** The logger of one bench: JSON lines on stderr, so that stdout holds only the results table. */
export function createBenchLogger(level: string, bench: string): Logger {
  return createLogger(level, 'ledgerline-bench', 'stderr').child({ bench });
}
