import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { LiveFeed } from '@ledgerline/event-store/fan-out/live-feed';
import { EventSink, serveShared } from '@ledgerline/event-store/fan-out/shared-stream';
import type { EventStore, LogFilter, Position } from '@ledgerline/event-store/port';
import { APP_CONFIG, EVENT_STORE } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { Problem } from '../http/problem';

/** What a refused client is told to wait before it tries again: long enough for others to leave. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The process's open event streams (`GET /v1/events/stream`): at most SSE_MAX_STREAMS of them, all fed by
 * one shared follower of the log (LiveFeed), each catching up on its own from where it starts. Ends them
 * all, and stops the follower, before the store closes at shutdown.
 */
@Injectable()
export class EventStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventStream');
  private readonly feed: LiveFeed;
  private readonly open = new Set<AbortController>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.feed = new LiveFeed(store, {
      onError: (error, retryInMs) => this.logger.warn(`live feed failed, resuming after its last event in ${retryInMs} ms: ${error.message}`),
    });
  }

  /**
   * Takes one of the SSE_MAX_STREAMS places, or refuses with a 503 (thrown before the stream's headers go
   * out). The returned controller stops the stream; `release` gives the place back.
   */
  reserve(): AbortController {
    if (this.open.size >= this.config.SSE_MAX_STREAMS) {
      throw new Problem(
        503,
        'TOO_MANY_STREAMS',
        `This server already serves ${this.config.SSE_MAX_STREAMS} event streams; try again later, or page through GET /v1/events.`,
        undefined,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    const stop = new AbortController();
    this.open.add(stop);
    return stop;
  }

  release(stop: AbortController): void {
    this.open.delete(stop);
  }

  /** Sends every event after `after` that matches to `sink`, exactly once, in log order, until `signal` aborts. */
  serve(options: LogFilter & { after: Position; signal: AbortSignal }, sink: EventSink): Promise<void> {
    return serveShared(this.store, this.feed, sink, {
      ...options,
      onFellBehind: () => this.logger.debug('a stream fell behind the live feed: it catches up by reads'),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const stop of this.open) stop.abort();
    await this.feed.close();
  }
}
