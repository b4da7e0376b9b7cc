import { Controller, Get, Headers, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore } from '@ledgerline/event-store/port';
import { START } from '@ledgerline/event-store/port';
import { APP_CONFIG, EVENT_STORE } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { feedQuery } from './event-feed.query';
import { eventFrame } from './event-frame';
import { EventStreams } from './event-streams';
import { EventView, eventView } from './event-view';
import { SseStream } from './sse-stream';

/** How long an EventSource waits before it reconnects after a dropped connection. */
const RETRY_MS = 2000;

/**
 * api.md "Events for subscribers": the global log, paged (`GET /v1/events`) and pushed live as Server-Sent
 * Events (`GET /v1/events/stream`), read straight from the event-store port, so both stores serve them.
 * Read by admin, auditor and subscriber (api.md reads table); nobody writes here.
 */
@ApiTags('Events')
@Controller('v1/events')
@ReadableBy('events')
export class EventsController {
  private readonly logger = new Logger('EventStream');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly streams: EventStreams,
  ) {}

  @Get()
  @QueryDocs()
  @ApiQuery({ name: 'after', required: false, description: 'A position: events after it (default: the start of the log)' })
  @ApiQuery({ name: 'types', required: false, description: 'Comma-separated event types' })
  @ApiQuery({ name: 'streamPrefix', required: false, description: 'Only streams whose id starts with this, e.g. order-' })
  @ApiQuery({ name: 'limit', required: false, description: 'At most this many events (1–1000, default 100)' })
  @ApiOkResponse({ description: '{events, next}: pass `next` as `after` to read on; it stays put when nothing new has come' })
  async feed(@Query() query: Record<string, unknown>): Promise<{ events: EventView[]; next: string }> {
    const q = feedQuery(query, ['after', 'types', 'streamPrefix', 'limit']);
    const events = await this.store.readAll({ after: q.after ?? START, limit: q.limit, types: q.types, streamPrefix: q.streamPrefix });
    return { events: events.map(eventView), next: events.length > 0 ? events[events.length - 1].position : (q.after ?? START) };
  }

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position (an EventSource sends it on reconnect); wins over ?after=' })
  @ApiQuery({ name: 'after', required: false, description: 'A position: events after it (default: the start of the log)' })
  @ApiQuery({ name: 'types', required: false, description: 'Comma-separated event types' })
  @ApiQuery({ name: 'streamPrefix', required: false, description: 'Only streams whose id starts with this' })
  @ApiOkResponse({ description: 'One SSE event per log event: `id:` position, `event:` type, `data:` the event as on the feed; heartbeat comments' })
  @ApiResponse({ status: 503, description: 'TOO_MANY_STREAMS: SSE_MAX_STREAMS streams are open already; try again after Retry-After seconds' })
  async stream(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const q = feedQuery(query, ['after', 'types', 'streamPrefix']);
    const after = lastEventId?.trim() || q.after || START;
    const stop = this.streams.reserve();
    // The response's close, not the request's: a GET's request stream ends (and closes) at once. Listened
    // to before anything is awaited, so a client gone meanwhile still gives its place back.
    response.on('close', () => stop.abort());
    try {
      // A position this store cannot read is a 400 now, before the stream's 200 goes out.
      await this.store.readAll({ after, limit: 1 });
    } catch (error) {
      this.streams.release(stop);
      throw error;
    }

    const sse = new SseStream(response, this.config.SSE_HEARTBEAT_MS, stop.signal);
    sse.open(RETRY_MS);
    try {
      await this.streams.serve(
        { after, types: q.types, streamPrefix: q.streamPrefix, signal: stop.signal },
        { send: (event) => sse.offer(eventFrame(event)), drained: () => sse.drained() },
      );
    } catch (error) {
      // Headers are out: the client sees the stream end and reconnects with Last-Event-ID.
      if (!stop.signal.aborted) this.logger.error(`event stream failed: ${(error as Error).message}`);
    } finally {
      this.streams.release(stop);
      sse.end();
    }
  }
}
