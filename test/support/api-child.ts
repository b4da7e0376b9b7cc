/**
 * The real api (apps/api/src/main.ts) on DATABASE_URL, for crash tests. It loads the app's code, prints
 * `standby` and starts the app when a line arrives on stdin: a test can have the next process ready while
 * the current one still runs, so a restart costs the app's start, not the seconds ts-node takes to load
 * it. It exits when stdin closes (the test is gone).
 *
 * With CRASH_MARKER set, a request whose Idempotency-Key contains the marker kills the process (SIGKILL)
 * once its command has succeeded and before its response is recorded: the moment a retry must survive. The
 * response it would have sent goes to stdout first, one `{"firstResponse": …}` line, for the test to compare
 * the retry's answer with. CRASH_AFTER=n holds such requests until n of them have got that far and then
 * kills, so one crash interrupts several commands at once. The patch lives here, in the test's process,
 * never in production code.
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { IdempotencyStore } from '@ledgerline/platform/idempotency/idempotency-store';
import '../../apps/api/src/create-app';

const marker = process.env.CRASH_MARKER;
const crashAfter = Number(process.env.CRASH_AFTER ?? 1);
let held = 0;

if (marker) {
  const complete = IdempotencyStore.prototype.complete;
  IdempotencyStore.prototype.complete = function (this: IdempotencyStore, ...args: Parameters<IdempotencyStore['complete']>) {
    const [, key, status, body] = args;
    if (!key.includes(marker)) return complete.apply(this, args);
    writeSync(1, `${JSON.stringify({ firstResponse: { key, status, body } })}\n`);
    if (++held >= crashAfter) process.kill(process.pid, 'SIGKILL');
    return new Promise<void>(() => undefined);
  };
}

process.stdin.once('data', () => createRequire(__filename)('../../apps/api/src/main'));
process.stdin.once('end', () => process.exit(0));
writeSync(1, 'standby\n');
