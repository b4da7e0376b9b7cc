/**
 * Groups an async stream into batches: a batch closes when it is full, or when no further item arrives
 * within `maxWaitMs` (so a quiet log is applied at once, a busy one in large transactions).
 */
export async function* batches<T>(source: AsyncIterable<T>, maxSize: number, maxWaitMs: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  let batch: T[] = [];
  try {
    for (;;) {
      pending ??= iterator.next();
      const next = batch.length === 0 ? await pending : await Promise.race([pending, delay(maxWaitMs)]);
      if (next === TIMEOUT) {
        yield batch;
        batch = [];
        continue;
      }
      pending = undefined;
      if (next.done) break;
      batch.push(next.value);
      if (batch.length >= maxSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    // Not awaited: with a next() still pending the source finishes that first, which may take until its
    // own abort signal fires.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

const TIMEOUT = Symbol('timeout');
const delay = (ms: number) => new Promise<typeof TIMEOUT>((resolve) => setTimeout(() => resolve(TIMEOUT), ms));
