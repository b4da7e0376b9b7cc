import type { EventStore } from '@ledgerline/event-store/port';
import { InvoiceNumberLane } from './invoice-number-lane';
import { elapsedMs } from '../shared/latency';
import type { StorySource } from './log-generator';
import type { LogStory } from './log-story';

export interface LogWriteMeasurement {
  events: number;
  appends: number;
  stories: number;
  writers: number;
  durationMs: number;
  eventsPerSecond: number;
}

/**
 * Appends the stories of each source with `writers` concurrent writers, one source after the other (the
 * master data is in before any order names it). A writer runs one story's steps in order, so each stream
 * is written by one writer with the exact expected version; stories run side by side, so the log
 * interleaves orders as a busy day would. The first failure stops every writer: the log would be broken.
 */
export async function writeLog(
  store: EventStore,
  sources: readonly StorySource[],
  options: { writers: number; signal?: AbortSignal; onAppended?: (events: number) => void },
): Promise<LogWriteMeasurement> {
  const lane = new InvoiceNumberLane(store);
  let events = 0;
  let appends = 0;
  let stories = 0;
  let failed = false;

  const runStory = async (story: LogStory) => {
    for (const step of story.steps) {
      const appended = step.kind === 'append' ? (await store.append(step.streamId, step.events, step.expected), step.events.length) : await lane.number(step);
      // A numbering is two appends (the year's claim goes in a shared batch, the record on its own).
      appends += step.kind === 'append' ? 1 : 2;
      events += appended;
      options.onAppended?.(appended);
    }
    stories++;
  };

  const started = process.hrtime.bigint();
  for (const source of sources) {
    const writer = async () => {
      while (!failed && !options.signal?.aborted) {
        const story = source.next();
        if (!story) return;
        await runStory(story);
      }
    };
    // Settled, not all: the other writers finish their append in flight before the store is closed.
    const outcomes = await Promise.allSettled(
      Array.from({ length: options.writers }, () =>
        writer().catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    if (options.signal?.aborted) break;
  }
  const durationMs = elapsedMs(started);
  return { events, appends, stories, writers: options.writers, durationMs, eventsPerSecond: (events * 1000) / durationMs };
}
