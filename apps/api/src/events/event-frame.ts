import type { StoredEvent } from '@ledgerline/event-store/port';
import { eventView } from './event-view';
import { sseFrame } from './sse-stream';

const frames = new WeakMap<StoredEvent, Buffer>();

/**
 * An event's SSE frame, serialised and encoded once however many streams send it: the live feed hands every
 * attached stream the same event object. Held only as long as something still holds the event.
 */
export function eventFrame(event: StoredEvent): Buffer {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = Buffer.from(sseFrame(event.position, event.type, eventView(event)));
    frames.set(event, frame);
  }
  return frame;
}
