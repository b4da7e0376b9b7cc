import type { StoredEvent } from '@ledgerline/event-store/port';

/** An event as subscribers see it (api.md "Events for subscribers"); the same shape on the feed and the stream. */
export const eventView = (event: StoredEvent) => ({
  eventId: event.id,
  position: event.position,
  streamId: event.streamId,
  version: event.version,
  type: event.type,
  occurredAt: event.occurredAt,
  data: event.data,
  metadata: event.metadata,
});
export type EventView = ReturnType<typeof eventView>;
