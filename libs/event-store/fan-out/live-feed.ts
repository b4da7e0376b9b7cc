import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, LogFilter, Position } from '../port';
import { FeedAttachment } from './feed-attachment';

export interface LiveFeedOptions {
  /** Events one attachment may hold before its stream falls back to reads (default 500, one catch-up page). */
  queueLimit?: number;
  /** First wait before the follower resumes after a failure; doubles up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Told about each failure of the follower, and how long until it resumes. */
  onError?: (error: Error, retryInMs: number) => void;
}

/** One run of the follower: started on the first attach, ended by close(). */
interface FollowerRun {
  stop: AbortController;
  /** Resolves once the follower knows where it starts (true), or false when closed before. */
  ready: Promise<boolean>;
  done: Promise<void>;
}

/**
 * ONE follower of the log per process, fanned out to every open stream: whatever the number of streams,
 * an append costs the store one subscription's reads (not one per stream). The follower subscribes through
 * the port (so every adapter serves it) from the head at its start, without a filter; each attachment keeps
 * the events its own filter matches. If the subscription fails, the follower resumes strictly after the last
 * event it handed out, so attached streams see neither a gap nor a repeat; close() stops it and ends every
 * attachment. Streams attach through `subscribeShared`, which does the catch-up and the hand-over.
 */
export class LiveFeed {
  private readonly attachments = new Set<FeedAttachment>();
  private readonly queueLimit: number;
  private run?: FollowerRun;
  private closed = false;

  constructor(
    private readonly store: Pick<EventStore, 'subscribe' | 'headPosition'>,
    private readonly options: LiveFeedOptions = {},
  ) {
    this.queueLimit = options.queueLimit ?? 500;
  }

  /** Streams attached right now. */
  get size(): number {
    return this.attachments.size;
  }

  /**
   * Attaches a stream: from this moment on, every event the follower hands out and `filter` matches is kept
   * for it. Resolves once the follower's start position is fixed, so that every event a read after this
   * call does not see is one the follower has still to hand out. Undefined when closed or aborted first.
   */
  async attach(filter: LogFilter, signal: AbortSignal): Promise<FeedAttachment | undefined> {
    if (this.closed || signal.aborted) return undefined;
    const attachment = new FeedAttachment(filter, this.queueLimit, signal, (a) => this.attachments.delete(a));
    this.attachments.add(attachment);
    this.run ??= this.start();
    const started = await untilAborted(this.run.ready, signal);
    if (!started || this.closed) {
      attachment.detach();
      return undefined;
    }
    return attachment;
  }

  /** Stops the follower and ends every attachment; resolves once the follower's subscription has ended. */
  async close(): Promise<void> {
    this.closed = true;
    for (const attachment of this.attachments) attachment.end();
    this.attachments.clear();
    const run = this.run;
    this.run = undefined;
    if (!run) return;
    run.stop.abort();
    await run.done;
  }

  private start(): FollowerRun {
    const stop = new AbortController();
    let markReady!: (started: boolean) => void;
    const ready = new Promise<boolean>((resolve) => (markReady = resolve));
    const done = this.follow(stop.signal, () => markReady(true)).finally(() => markReady(false));
    return { stop, ready, done };
  }

  private async follow(stop: AbortSignal, started: () => void): Promise<void> {
    const first = this.options.restartDelayMs ?? 100;
    let delayMs = first;
    let after: Position | undefined;
    while (!stop.aborted) {
      try {
        // The head, not the last committed position: an append still committing below it is one the
        // subscription will hand out once it is readable.
        after ??= await this.store.headPosition();
        started();
        for await (const event of this.store.subscribe({ after, signal: stop })) {
          if (stop.aborted) return;
          after = event.position;
          delayMs = first;
          // Synchronous: an attach happens either before an event is offered to anyone or after it was
          // offered to everyone attached.
          for (const attachment of this.attachments) attachment.offer(event);
        }
        if (!stop.aborted) throw new Error('the subscription ended');
      } catch (error) {
        if (stop.aborted) return;
        this.options.onError?.(error as Error, delayMs);
        await sleep(delayMs, undefined, { signal: stop }).catch(() => undefined);
        delayMs = Math.min(delayMs * 2, this.options.maxRestartDelayMs ?? 5000);
      }
    }
  }
}

/** `promise`'s value, or false as soon as `signal` aborts. */
async function untilAborted(promise: Promise<boolean>, signal: AbortSignal): Promise<boolean> {
  let onAbort!: () => void;
  const aborted = new Promise<boolean>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
