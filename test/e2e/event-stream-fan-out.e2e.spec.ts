import type { AddressInfo } from 'node:net';
import { EVENT_STORE } from '@ledgerline/application/shared/tokens';
import { type EventStore, comparePositions } from '@ledgerline/event-store/port';
import { expectProblem } from '../support/expect-problem';
import { logIds, tick } from '../support/feed-subscriber';
import { SseClient } from '../support/sse-client';
import { TestApp, startTestApp } from '../support/test-app';

const ADMIN = 'fan-out-admin';
const AUDITOR = 'fan-out-auditor';
const MAX_STREAMS = 45;

/**
 * GET /v1/events/stream at scale, on the real app and PostgreSQL: every stream is fed by the process's one
 * follower of the log, and at most SSE_MAX_STREAMS are open. Projections off: the only followers of the
 * log are then the stream feed and the document-numbering sweeper, so reads of the log can be counted.
 */
describe('event streams fanned out from one follower, over HTTP', () => {
  let t: TestApp;
  let base: string;
  let store: EventStore;
  let closed = false;
  const clients: SseClient[] = [];
  const auth = { Authorization: `Bearer ${AUDITOR}` };

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `${ADMIN}:admin,${AUDITOR}:auditor`, SSE_MAX_STREAMS: String(MAX_STREAMS), PROJECTIONS: 'off' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    if (!closed) await t.close();
  });

  const newCustomer = async (name: string) =>
    (await t.http().post('/v1/customers').set('Authorization', `Bearer ${ADMIN}`).send({ name }).expect(201)).body as { id: string; position: string };
  const head = async () => (await t.http().get('/v1/events').query({ limit: 1000 }).set(auth).expect(200)).body.next as string;
  const connect = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
    const client = await SseClient.connect(`${base}/v1/events/stream?${new URLSearchParams(query)}`, { ...auth, ...headers });
    clients.push(client);
    return client;
  };

  it('gives streams that connect while customers are created every later event exactly once, in order', async () => {
    const positions = [await head()];
    const writing = Promise.all(
      [0, 1, 2].map(async (writer) => {
        for (let i = 0; i < 12; i++) positions.push((await newCustomer(`Racer ${writer}-${i}`)).position);
      }),
    );
    const started: { client: SseClient; after: string; streamPrefix?: string }[] = [];
    for (let s = 0; s < 12; s++) {
      // From where the log stood when the test began, or from a position just written: catch-ups of every length.
      const after = s % 3 === 0 ? positions[0] : positions[positions.length - 1];
      const streamPrefix = s % 2 ? 'customer-' : undefined;
      const client = await connect({ after, types: 'CustomerCreated', ...(streamPrefix ? { streamPrefix } : {}) });
      expect(client.status).toBe(200);
      started.push({ client, after, streamPrefix });
      await tick(15);
    }
    await writing;
    const last = positions.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
    for (const { client, after, streamPrefix } of started) {
      const wanted = await logIds(store, after, { types: ['CustomerCreated'], streamPrefix }, last);
      // A repeat would make up the count early, and then fail the comparison.
      await client.waitForEvents(wanted.length, 15_000);
      expect(client.events.map((e) => JSON.parse(e.data).eventId)).toEqual(wanted);
      expect(client.events.map((e) => e.id)).toEqual(client.events.map((e) => JSON.parse(e.data).position));
    }
  });

  it('reads the log for a write fewer times than there are idle streams: no read per stream', async () => {
    const streams = 40;
    const after = await head();
    const idle = await Promise.all(Array.from({ length: streams }, () => connect({ after })));
    await newCustomer('Warm-up');
    await Promise.all(idle.map((c) => c.waitForEvents(1)));
    // Past the store's follow-up wake-ups of the warm-up (at most 250 ms after an append).
    await tick(300);
    const reads = jest.spyOn(store, 'readAll');
    await newCustomer('Counted');
    await Promise.all(idle.map((c) => c.waitForEvents(2)));
    await tick(300);
    // A follower per stream reads at least once per stream for every append (154 reads here before the
    // shared feed); the shared one and the document-numbering sweeper read at the append's wake-ups (the
    // append, its NOTIFY, the store's follow-ups), about ten in all, whatever the number of streams.
    expect(reads.mock.calls.length).toBeLessThan(streams);
    expect(idle.map((c) => JSON.parse(c.events[1].data).data.name)).toEqual(idle.map(() => 'Counted'));
  });

  it(`refuses stream ${MAX_STREAMS + 1} with 503 TOO_MANY_STREAMS and Retry-After, and takes it once a stream has closed`, async () => {
    const after = await head();
    const open = await Promise.all(Array.from({ length: MAX_STREAMS }, () => connect({ after })));
    expect(open.map((c) => c.status)).toEqual(open.map(() => 200));

    const refused = await t.http().get('/v1/events/stream').query({ after }).set(auth);
    expectProblem(refused, 503, 'TOO_MANY_STREAMS');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);

    await open[0].close();
    // The server frees the place when it sees the connection close: try until it has.
    let admitted: SseClient | undefined;
    for (const deadline = Date.now() + 5000; !admitted && Date.now() < deadline; await tick(20)) {
      const attempt = await connect({ after });
      if (attempt.status === 200) admitted = attempt;
      else expect(attempt.status).toBe(503);
    }
    expect(admitted).toBeDefined();
    await newCustomer('Admitted');
    await admitted!.waitForEvents(1);
    expect(JSON.parse(admitted!.events[0].data).data.name).toBe('Admitted');
  });

  it('closes the app with streams open: they end, and close() does not wait on them', async () => {
    const after = await head();
    const live = await connect({ after });
    const filtered = await connect({ after, types: 'NothingEverHappens' });
    await newCustomer('Before close');
    await live.waitForEvents(1);
    closed = true;
    await t.close();
    await live.untilEnded();
    await filtered.untilEnded();
  });
});
