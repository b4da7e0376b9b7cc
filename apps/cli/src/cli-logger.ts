import { createLogger } from '@ledgerline/platform/logging/logger';
import type { Logger } from 'pino';

/** The logger of one CLI command: JSON lines on stderr, so that stdout holds only the command's output. */
export function createCliLogger(level: string, command: string): Logger {
  return createLogger(level, 'ledgerline-cli', 'stderr').child({ command });
}
