import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { SseStream } from './sse-stream';

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
  it('holds the next event until a full socket drains, so a slow client is never buffered without bound', async () => {
    const res = new SlowResponse(3);
    const stop = new AbortController();
    const sse = new SseStream(res as unknown as Response, 60_000, stop.signal);
    sse.open(2000); // the retry line takes one write
    await sse.send('p1', 'A', { n: 1 });
    let second = false;
    // This frame fills the socket: the send waits for drain.
    const pending = sse.send('p2', 'B', { n: 2 }).then(() => (second = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    res.drain(10);
    await pending;
    expect(res.written.slice(1)).toEqual(['id: p1\nevent: A\ndata: {"n":1}\n\n', 'id: p2\nevent: B\ndata: {"n":2}\n\n']);
    sse.end();
    expect(res.writableEnded).toBe(true);
  });

  it('lets a waiting send go when the client disconnects', async () => {
    const res = new SlowResponse(1);
    const stop = new AbortController();
    const sse = new SseStream(res as unknown as Response, 60_000, stop.signal);
    sse.open(2000);
    const pending = sse.send('p1', 'A', {});
    stop.abort();
    await expect(pending).resolves.toBeUndefined();
    await sse.send('p2', 'B', {}); // nothing more is written after the client left
    expect(res.written).toHaveLength(2);
    sse.end();
  });
});
