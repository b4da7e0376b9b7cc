import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SseClient } from '../support/sse-client';
import { TestApp, startTestApp } from '../support/test-app';

const TIMEOUT_MS = 400;

/** What a client that stops sending halfway sees: the bytes it got back, and how long until the close. */
async function stallAfter(port: number, partial: string): Promise<{ reply: string; closedAfterMs: number }> {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let reply = '';
  socket.on('data', (chunk) => (reply += chunk));
  socket.write(partial);
  await new Promise<void>((resolve, reject) => {
    socket.on('close', () => resolve());
    socket.on('error', reject);
    // The bound: ten times the limit, where Node's own default would hold the connection for 300 s.
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still holds the connection after ${TIMEOUT_MS * 10} ms; got ${JSON.stringify(reply)}`));
    }, TIMEOUT_MS * 10).unref();
  });
  return { reply, closedAfterMs: Date.now() - started };
}

/** REQUEST_TIMEOUT_MS bounds how long a client may take to send its request (create-app.ts, request-timeout.ts). */
describe('the request timeout', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), SSE_HEARTBEAT_MS: '100' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('answers 408 and closes a connection whose body stops coming', async () => {
    const { reply, closedAfterMs } = await stallAfter(
      port,
      'POST /v1/customers HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    const events = await t.http().get('/v1/events').expect(200);
    expect(events.body.events).toEqual([]); // the half-sent customer was never created
  });

  it('answers 408 and closes a connection whose headers never end', async () => {
    const { reply } = await stallAfter(port, 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('does not cut a long answer: the event stream outlives the limit', async () => {
    const client = await SseClient.connect(`http://127.0.0.1:${port}/v1/events/stream`);
    try {
      expect(client.status).toBe(200);
      const opened = Date.now();
      // A heartbeat that arrives well past the limit, on the same connection, proves the stream was not cut.
      await client.until(() => Date.now() - opened > TIMEOUT_MS * 3 && client.frames.at(-1)?.comment?.startsWith('heartbeat') === true, TIMEOUT_MS * 10, 'a heartbeat past the limit');
    } finally {
      client.close();
    }
  });
});
