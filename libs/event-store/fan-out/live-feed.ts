import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, Position, StoredEvent } from '../port';

/** What the feed hands events to: one open stream (shared-stream.ts). */
export interface FeedListener {
  /** Every event the follower hands out while attached, in log order, synchronously. Must not throw. */
  offer(event: StoredEvent): void;
  /** The feed is closing: the stream ends. */
  end(): void;
}

export interface LiveFeedOptions {
  /** First wait before the follower resumes after a failure; doubles up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Told about each failure of the follower, and how long until it resumes. */
  onError?: (error: Error, retryInMs: number) => void;
}

/**
 * Listeners offered an event in one turn of the event loop. An offer is a socket write (tens of µs): a
 * thousand streams in one turn would hold every request's I/O back for tens of ms; in slices, requests'
 * callbacks run in between and the fan-out takes the time they leave.
 */
const LISTENERS_PER_TURN = 50;

/** One run of the follower: started on the first attach, ended by close(). */
interface FollowerRun {
  stop: AbortController;
  /** Resolves once the follower knows where it starts (true), or false when it ended before. */
  ready: Promise<boolean>;
  done: Promise<void>;
}

/**
 * ONE follower of the log per process, fanned out to every open stream: whatever the number of streams,
 * an append costs the store one subscription's reads (not one per stream). The follower subscribes through
 * the port (so every adapter serves it) from the head at its start, without a filter, and offers each
 * event to every attached listener. If the subscription fails, the follower resumes strictly after the
 * last event it handed out, so listeners see neither a gap nor a repeat; close() stops it and ends every
 * listener. Streams attach through `serveShared`, which does the catch-up and the hand-over.
 */
export class LiveFeed {
  private readonly listeners = new Set<FeedListener>();
  private run?: FollowerRun;
  private closed = false;

  constructor(
    private readonly store: Pick<EventStore, 'subscribe' | 'headPosition'>,
    private readonly options: LiveFeedOptions = {},
  ) {}

  /** Listeners attached right now. */
  get size(): number {
    return this.listeners.size;
  }

  /**
   * From this moment on, `listener` is offered every event the follower hands out. Resolves true once the
   * follower's start position is fixed, so that every event a read after this call does not see is one the
   * follower has still to hand out; false (and detached) when the feed closed or `signal` aborted first.
   */
  async attach(listener: FeedListener, signal: AbortSignal): Promise<boolean> {
    if (this.closed || signal.aborted) return false;
    this.listeners.add(listener);
    this.run ??= this.start();
    const started = (await untilAborted(this.run.ready, signal)) && !this.closed;
    if (!started) this.detach(listener);
    return started;
  }

  detach(listener: FeedListener): void {
    this.listeners.delete(listener);
  }

  /** Stops the follower and ends every listener; resolves once the follower's subscription has ended. */
  async close(): Promise<void> {
    this.closed = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener.end();
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
          await this.offer(event);
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

  /**
   * Offers `event` to every listener before the next event is offered to anyone, so each sees the log in
   * order. A listener that attaches while this is under way is offered it too (a Set's iteration visits what
   * is added meanwhile); one that attaches after it finds the event in its catch-up read, since the follower
   * had read it. Either way the hand-over holds, and what a listener is given twice it skips.
   */
  private async offer(event: StoredEvent): Promise<void> {
    let offered = 0;
    for (const listener of this.listeners) {
      listener.offer(event);
      if (++offered % LISTENERS_PER_TURN === 0) await nextTurn();
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
