import { EventStore } from '@ledgerline/event-store/port';
import { elapsedMs, LatencyRecorder, LatencySummary } from '../shared/latency';
import { newStreamId, sampleEvents } from '../history/sample-events';

export interface AppendScenario {
  id: string;
  label: string;
  writers: number;
  batchSize: number;
}

/** The four shapes the brief asks for: one writer vs. many, one event per append vs. batches. */
export const APPEND_SCENARIOS: readonly AppendScenario[] = [
  { id: 'append-1w-1e', label: '1 writer, 1 event/append', writers: 1, batchSize: 1 },
  { id: 'append-1w-10e', label: '1 writer, 10 events/append', writers: 1, batchSize: 10 },
  { id: 'append-16w-1e', label: '16 writers, 1 event/append', writers: 16, batchSize: 1 },
  { id: 'append-16w-10e', label: '16 writers, 10 events/append', writers: 16, batchSize: 10 },
];

/**
 * Events per stream before a writer opens a new one: an order's life (placed, lines, shipped, invoiced,
 * paid) is a few dozen events, and short streams keep the `es_streams` row and index work realistic.
 */
export const STREAM_LENGTH = 20;

export interface AppendMeasurement {
  events: number;
  appends: number;
  durationMs: number;
  eventsPerSecond: number;
  appendsPerSecond: number;
  latencyMs: LatencySummary;
}

/**
 * Appends about `events` events (rounded up to whole batches) with `writers` concurrent writers. Writers
 * take appends from one shared budget, so none idles while another still has a queue; each writes only
 * its own streams with the exact expected version, as a command handler does after loading its aggregate.
 */
export async function runAppendScenario(
  store: EventStore,
  scenario: AppendScenario,
  events: number,
  options: { onAppended?: (events: number) => void; signal?: AbortSignal } = {},
): Promise<AppendMeasurement> {
  let remaining = Math.ceil(events / scenario.batchSize);
  const appends = remaining;
  const latency = new LatencyRecorder();
  let failed = false;
  const takeAppend = () => !failed && !options.signal?.aborted && remaining-- > 0;

  const writer = async (index: number) => {
    let streamId = newStreamId(index);
    let version = -1;
    while (takeAppend()) {
      const batch = sampleEvents(streamId, scenario.batchSize);
      const started = process.hrtime.bigint();
      const result = await store.append(streamId, batch, version < 0 ? 'no_stream' : version);
      latency.record(elapsedMs(started));
      // A wrong version would mean the store lost or reordered an append: the figures would be meaningless.
      if (result.version !== version + batch.length) {
        throw new Error(`append to ${streamId} returned version ${result.version}, expected ${version + batch.length}`);
      }
      version = result.version;
      if (version + 1 >= STREAM_LENGTH) {
        streamId = newStreamId(index);
        version = -1;
      }
      options.onAppended?.(batch.length);
    }
  };

  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: scenario.writers }, (_, i) =>
      writer(i).catch((error: unknown) => {
        // Stop the other writers too: the run is void, and they should not keep the pool busy.
        failed = true;
        throw error;
      }),
    ),
  );
  const durationMs = elapsedMs(started);
  const done = appends - Math.max(remaining, 0);
  return {
    events: done * scenario.batchSize,
    appends: done,
    durationMs,
    eventsPerSecond: (done * scenario.batchSize * 1000) / durationMs,
    appendsPerSecond: (done * 1000) / durationMs,
    latencyMs: latency.summary(),
  };
}
