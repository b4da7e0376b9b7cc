import type { Pool } from 'pg';

/** Longest wait for the pool's connections to finish closing: a guard, not a pace. */
const CLOSE_WAIT_MS = 5000;

/**
 * Ends a pool and waits until its connections have closed. `pool.end()` resolves once it has asked each
 * idle client to end, before their sessions are gone; a PostgreSQL stopped right after (the embedded one,
 * at shutdown) then terminates them mid-goodbye, and the pool raises that as an 'error', which crashes a
 * process that has no listener for it. Waiting for each client's 'remove' closes that window.
 */
export async function closePool(pool: Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    timer.unref();
    pool.on('remove', () => {
      if (++removed >= open) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await pool.end();
  await closed;
}
