import pino, { Logger } from 'pino';

/**
 * One structured (JSON) logger for the process; Nest's own logs go through it too (nestjs-pino).
 * Long CLI work prints progress to the terminal and logs its results here.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'ledgerline'): Logger {
  return pino({ name, level, redact: ['req.headers.authorization'] });
}
