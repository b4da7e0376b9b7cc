import pino, { Logger } from 'pino';

/**
 * One structured (JSON) logger for the process; Nest's own logs go through it too (nestjs-pino).
 * Servers log to stdout. The CLI logs to stderr (`output: 'stderr'`): its stdout carries what it was run
 * for (a report, `--json`, a results table), which a pipe must get alone. Written synchronously there, so
 * the lines interleave with the progress lines in order and none is lost however the process ends.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'ledgerline', output: 'stdout' | 'stderr' = 'stdout'): Logger {
  const options = { name, level, redact: ['req.headers.authorization'] };
  return output === 'stderr' ? pino(options, pino.destination({ dest: 2, sync: true })) : pino(options);
}
