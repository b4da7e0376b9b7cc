import { ReadAllOptions, StoredEvent, SubscribeOptions } from './port';
import { WakeSignal } from './wake-signal';

export interface FollowLogSource {
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
}

/**
 * Subscription built on paged reads: catch up page by page, then sleep until the store signals an append
 * (or `idleMs` passes, a safety net for wake-ups the store cannot see, such as a PostgreSQL transaction in
 * another session holding the read horizon back).
 */
export async function* followLog(
  source: FollowLogSource,
  wake: WakeSignal,
  options: SubscribeOptions & { pageSize?: number; idleMs?: number } = {},
): AsyncGenerator<StoredEvent> {
  const { signal, pageSize = 500, idleMs = 1000 } = options;
  let after = options.after ?? '';
  while (!signal?.aborted) {
    const seen = wake.generation;
    const page = await source.readAll({ after, limit: pageSize, types: options.types, streamPrefix: options.streamPrefix });
    for (const event of page) {
      if (signal?.aborted) return;
      yield event;
      after = event.position;
    }
    if (page.length < pageSize) await wake.wait(seen, idleMs, signal, options.types);
  }
}
