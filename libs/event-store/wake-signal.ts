/**
 * Wakes followers of the log when something was appended. A follower takes `generation` before it reads
 * and waits for a later one, so an append that lands between its read and its wait is never missed.
 *
 * A wake may say which event types were appended: a follower of some types only (the numbering sweeper
 * follows two) then sleeps through appends of others instead of reading the log for nothing. A wake that
 * does not say (another writer's NOTIFY without types, close) wakes every follower.
 */
export class WakeSignal {
  private current = 0;
  /** The generation of the last wake that named no types. */
  private lastUntyped = 0;
  /** Per event type, the generation of the last wake that named it. */
  private readonly lastByType = new Map<string, number>();
  private waiters = new Set<{ types: ReadonlySet<string> | null; wake: () => void }>();

  get generation(): number {
    return this.current;
  }

  notify(types?: readonly string[]): void {
    this.current++;
    if (types === undefined) this.lastUntyped = this.current;
    else for (const type of types) this.lastByType.set(type, this.current);
    for (const waiter of [...this.waiters]) {
      if (types === undefined || waiter.types === null || types.some((type) => waiter.types?.has(type))) waiter.wake();
    }
  }

  /**
   * Resolves once a wake after `seen` concerns `types` (any wake when none are given), after `timeoutMs`,
   * or on abort.
   */
  wait(seen: number, timeoutMs: number, signal?: AbortSignal, types?: readonly string[]): Promise<void> {
    const filter = types && types.length > 0 ? new Set(types) : null;
    if (signal?.aborted || this.wokenSince(seen, filter)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { types: filter, wake: () => done() };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(waiter);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wokenSince(seen: number, filter: ReadonlySet<string> | null): boolean {
    if (this.current === seen) return false;
    if (filter === null || this.lastUntyped > seen) return true;
    for (const type of filter) if ((this.lastByType.get(type) ?? 0) > seen) return true;
    return false;
  }
}
