import type { Response } from 'express';
import { once } from 'node:events';

/**
 * One Server-Sent Events response (the WHATWG EventSource format): `id:` is the log position, so a client
 * that reconnects sends it back as `Last-Event-ID`. Writes respect backpressure: `offer` says when the
 * socket is full and `drained` when it has room again, so a slow client holds back the events meant for it
 * instead of making the server buffer without bound. Hand-written rather than from a library:
 * the frame format is three lines, and the await-on-drain is the part that matters.
 */
export class SseStream {
  private heartbeat?: NodeJS.Timeout;
  private waiting = false;

  constructor(
    private readonly res: Response,
    private readonly heartbeatMs: number,
    private readonly signal: AbortSignal,
  ) {}

  open(retryMs: number): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-store, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    // Reverse proxies (nginx) would otherwise buffer the stream.
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.res.write(`retry: ${retryMs}\n\n`);
    // A comment line now and then keeps idle proxies and load balancers from closing the connection;
    // skipped while a write is waiting for the socket (it is not idle then).
    this.heartbeat = setInterval(() => {
      if (!this.waiting && !this.signal.aborted) this.res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Writes a frame made by `sseFrame` (one made once serves every stream that sends the same event) without
   * waiting; false when the socket is full: write nothing more before `drained()` resolves.
   */
  offer(frame: string | Buffer): boolean {
    return this.signal.aborted || this.res.write(frame);
  }

  /** Resolves once a full socket has drained, or the client went away or the server is stopping. */
  async drained(): Promise<void> {
    if (this.signal.aborted) return;
    this.waiting = true;
    try {
      await once(this.res, 'drain', { signal: this.signal });
    } catch {
      // Aborted: the client went away or the server is stopping.
    } finally {
      this.waiting = false;
    }
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
  }
}

/** One event as an SSE frame; `data` as one line of JSON (JSON.stringify never writes a raw newline). */
export function sseFrame(id: string, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
