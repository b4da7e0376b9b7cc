/**
 * Wakes followers of the log when something was appended. A follower takes `generation` before it reads
 * and waits for a later one, so an append that lands between its read and its wait is never missed.
 */
export class WakeSignal {
  private current = 0;
  private waiters = new Set<() => void>();

  get generation(): number {
    return this.current;
  }

  notify(): void {
    this.current++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves once the generation moved past `seen`, after `timeoutMs`, or on abort. */
  wait(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.current !== seen || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
