import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { SseStream, sseFrame } from './sse-stream';

/** A response whose socket accepts `room` writes, then reports itself full until `drain`. */
class SlowResponse extends EventEmitter {
  readonly written: string[] = [];
  writableEnded = false;
  constructor(private room: number) {
    super();
  }
  status() {
    return this;
  }
  setHeader() {}
  flushHeaders() {}
  write(chunk: string): boolean {
    this.written.push(chunk);
    return --this.room > 0;
  }
  end() {
    this.writableEnded = true;
  }
  drain(room: number) {
    this.room = room;
    this.emit('drain');
  }
}

describe('SSE stream backpressure', () => {
  it('says when the socket is full and when it has drained, so a slow client is never buffered without bound', async () => {
    const res = new SlowResponse(3);
    const stop = new AbortController();
    const sse = new SseStream(res as unknown as Response, 60_000, stop.signal);
    sse.open(2000); // the retry line takes one write
    expect(sse.offer(sseFrame('p1', 'A', { n: 1 }))).toBe(true);
    // This frame fills the socket: nothing more until it drains.
    expect(sse.offer(sseFrame('p2', 'B', { n: 2 }))).toBe(false);
    let drained = false;
    const waiting = sse.drained().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    res.drain(10);
    await waiting;
    expect(res.written.slice(1)).toEqual(['id: p1\nevent: A\ndata: {"n":1}\n\n', 'id: p2\nevent: B\ndata: {"n":2}\n\n']);
    sse.end();
    expect(res.writableEnded).toBe(true);
  });

  it('stops waiting for a drain, and writes nothing more, once the client has gone', async () => {
    const res = new SlowResponse(1);
    const stop = new AbortController();
    const sse = new SseStream(res as unknown as Response, 60_000, stop.signal);
    sse.open(2000);
    expect(sse.offer(sseFrame('p1', 'A', {}))).toBe(false);
    const waiting = sse.drained();
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
    sse.offer(sseFrame('p2', 'B', {}));
    expect(res.written).toHaveLength(2);
    sse.end();
  });
});
