import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * An example subscriber, as a backend team would write one (docs/events.md "Subscribing"): it follows
 * `GET /v1/events/stream`, hands each event to `handle`, then saves the event's position in its own
 * checkpoint file; after a restart or a dropped connection it resumes with `Last-Event-ID` from there.
 * Delivery is at least once: a crash between `handle` and the save replays that one event, so `handle`
 * should be idempotent (an event's `eventId` is unique).
 */
export interface SubscriberOptions {
  baseUrl: string;
  apiKey?: string;
  /** Only these event types (comma-separated on the wire). */
  types?: string[];
  checkpointFile: string;
  handle: (event: { eventId: string; position: string; type: string; streamId: string; data: unknown }) => Promise<void>;
  signal: AbortSignal;
  retryMs?: number;
}

export async function follow(options: SubscriberOptions): Promise<void> {
  const { baseUrl, apiKey, types, checkpointFile, handle, signal, retryMs = 2000 } = options;
  while (!signal.aborted) {
    try {
      const lastEventId = await readFile(checkpointFile, 'utf8').catch(() => '');
      const query = types?.length ? `?types=${encodeURIComponent(types.join(','))}` : '';
      const response = await fetch(`${baseUrl}/v1/events/stream${query}`, {
        headers: { Accept: 'text/event-stream', 'Last-Event-ID': lastEventId.trim(), ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
        signal,
      });
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString('utf8');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue; // retry: and heartbeat comments
          const event = JSON.parse(data.slice('data: '.length));
          await handle(event);
          // Write-then-rename: a crash never leaves a half-written checkpoint.
          await writeFile(`${checkpointFile}.tmp`, event.position);
          await rename(`${checkpointFile}.tmp`, checkpointFile);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      console.error(`subscriber: ${(error as Error).message}; reconnecting in ${retryMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
