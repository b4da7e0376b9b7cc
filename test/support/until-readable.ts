import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE } from '@ledgerline/application/shared/tokens';
import { type EventStore, comparePositions } from '@ledgerline/event-store/port';

/**
 * Waits until the app's log readers can see `position`. The feed is gap-safe (ADR 0001): a write shows
 * once every transaction begun before it in the cluster has ended, and other test files' transactions on
 * the shared cluster hold that back a moment. Read models have `?after=` for this; the raw feed has this.
 */
export async function untilReadable(app: INestApplication, position: string): Promise<void> {
  await untilStoreReads(app.get<EventStore>(EVENT_STORE), position);
}

/** The same on a store: `position` defaults to the last event committed, so that a read then sees all. */
export async function untilStoreReads(store: Pick<EventStore, 'headPosition' | 'lastCommittedPosition'>, position?: string): Promise<void> {
  const target = position ?? (await store.lastCommittedPosition());
  while (comparePositions(await store.headPosition(), target) < 0) await new Promise((resolve) => setTimeout(resolve, 10));
}
