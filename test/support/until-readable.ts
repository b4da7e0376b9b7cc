import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE } from '@ledgerline/application/shared/tokens';
import { type EventStore, comparePositions } from '@ledgerline/event-store/port';

/**
 * Waits until the global log shows everything up to `position`. A gap-safe store may hold readers back
 * while any older transaction is in flight (even one in another database of the cluster, ADR 0001), so
 * "read after append" on the global log means "visible promptly", never "visible at once". Read models
 * have `?after=` for this; the raw log and feed have this.
 */
export async function untilVisible(store: Pick<EventStore, 'headPosition'>, position: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (comparePositions(await store.headPosition(), position) < 0) {
    if (Date.now() > deadline) throw new Error(`position ${position} did not become visible`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Until everything committed so far is visible: a read then sees the whole log. */
export async function untilAllVisible(store: Pick<EventStore, 'headPosition' | 'lastCommittedPosition'>): Promise<void> {
  await untilVisible(store, await store.lastCommittedPosition());
}

/** The same through the app's own store, for tests that read the feed over HTTP. */
export const untilReadable = (app: INestApplication, position: string): Promise<void> => untilVisible(app.get<EventStore>(EVENT_STORE), position);
