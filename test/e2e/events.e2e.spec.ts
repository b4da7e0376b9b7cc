import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { follow } from '../../apps/example-subscriber/src/subscriber';
import { SseClient } from '../support/sse-client';
import { TestApp, startTestApp } from '../support/test-app';
import { expectProblem } from '../support/expect-problem';

const ADMIN = 'events-admin';
const AUDITOR = 'events-auditor';

/** api.md "Events for subscribers": the paged feed and the SSE stream, over HTTP on the real app. */
describe('events for subscribers over HTTP', () => {
  let t: TestApp;
  let base: string;
  const admin = () => ({ post: (path: string) => t.http().post(path).set('Authorization', `Bearer ${ADMIN}`) });
  const auditor = (path: string) => t.http().get(path).set('Authorization', `Bearer ${AUDITOR}`);

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `${ADMIN}:admin,${AUDITOR}:auditor`, SSE_HEARTBEAT_MS: '200' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const newCustomer = async (name: string) => (await admin().post('/v1/customers').send({ name }).expect(201)).body as { id: string; position: string };

  it('pages through the whole log in order, each event once, and filters by type and stream prefix', async () => {
    const customers = [await newCustomer('Feed A'), await newCustomer('Feed B')];
    const product = (await admin().post('/v1/products').send({ sku: 'FEED-1', name: 'Feed', kind: 'service', unitPrice: '1.00', taxRate: '0.20' }).expect(201)).body;

    // The feed is gap-safe: an event shows once every transaction begun before it in the cluster has ended,
    // which other test files' writes delay a moment. Wait for the product's position instead of racing them.
    const feed = async () => (await auditor('/v1/events').query({ limit: 1000 }).expect(200)).body as { events: { position: string }[]; next: string };
    const deadline = Date.now() + 10_000;
    let all = await feed();
    while (!all.events.some((e) => e.position === product.position) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      all = await feed();
    }
    expect(all.events.length).toBeGreaterThanOrEqual(3);
    const pages: string[] = [];
    let after = '';
    for (;;) {
      const page = (await auditor('/v1/events').query({ after, limit: 2 }).expect(200)).body;
      if (page.events.length === 0) {
        expect(page.next).toBe(after); // nothing new: next stays put
        break;
      }
      expect(page.events.length).toBeLessThanOrEqual(2);
      pages.push(...page.events.map((e: { position: string }) => e.position));
      after = page.next;
    }
    expect(pages).toEqual(all.events.map((e: { position: string }) => e.position));
    expect(new Set(pages).size).toBe(pages.length);
    expect(all.events[0]).toEqual({
      eventId: expect.any(String),
      position: expect.any(String),
      streamId: `customer-${customers[0].id}`,
      version: 0,
      type: 'CustomerCreated',
      occurredAt: expect.any(String),
      data: expect.objectContaining({ customerId: customers[0].id, name: 'Feed A' }),
      metadata: expect.objectContaining({ actor: expect.stringMatching(/^apikey:admin:/), correlationId: expect.any(String) }),
    });

    const created = (await auditor('/v1/events').query({ types: 'CustomerCreated' }).expect(200)).body.events;
    expect(created.map((e: { type: string }) => e.type)).toEqual(['CustomerCreated', 'CustomerCreated']);
    const both = (await auditor('/v1/events').query({ types: 'CustomerCreated,ProductCreated' }).expect(200)).body.events;
    expect(both.length).toBe(3);
    const products = (await auditor('/v1/events').query({ streamPrefix: 'product-' }).expect(200)).body.events;
    expect(products.map((e: { streamId: string }) => e.streamId)).toEqual(['product-FEED-1']);
    const none = (await auditor('/v1/events').query({ streamPrefix: 'product-', types: 'CustomerCreated' }).expect(200)).body;
    expect(none).toEqual({ events: [], next: '' });
  });

  it('refuses bad parameters with 400, and callers without a key with 401', async () => {
    for (const query of [{ limit: '0' }, { limit: '1001' }, { limit: 'ten' }, { types: 'Not A Type' }, { streamPrefix: 'bad prefix' }, { surprise: '1' }]) {
      expectProblem(await auditor('/v1/events').query(query), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await auditor('/v1/events').query({ after: 'esdb:1:1' }), 400, 'INVALID_POSITION');
    expectProblem(await auditor('/v1/events/stream').query({ after: 'nonsense' }), 400, 'INVALID_POSITION');
    expectProblem(await t.http().get('/v1/events'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/v1/events/stream'), 401, 'UNAUTHENTICATED');
  });

  it('streams live events and resumes exactly after the last one seen when the connection drops', async () => {
    const start = (await auditor('/v1/events').query({ limit: 1000 }).expect(200)).body.next;
    const auth = { Authorization: `Bearer ${AUDITOR}` };
    const first = await SseClient.connect(`${base}/v1/events/stream?after=${encodeURIComponent(start)}&types=CustomerCreated`, auth);
    expect(first.status).toBe(200);
    expect(first.headers?.get('content-type')).toMatch(/^text\/event-stream/);
    const names = ['Live 1', 'Live 2', 'Live 3'];
    for (const name of names) await newCustomer(name);
    await first.waitForEvents(3);
    expect(first.events.map((e) => e.event)).toEqual(['CustomerCreated', 'CustomerCreated', 'CustomerCreated']);
    expect(first.events.map((e) => JSON.parse(e.data).data.name)).toEqual(names);
    expect(first.frames[0].retry).toBeGreaterThan(0);
    const lastSeen = first.events[2].id;
    expect(JSON.parse(first.events[2].data).position).toBe(lastSeen);
    await first.close();

    // While it is away, more happens, including events the filter drops.
    await newCustomer('Away 1');
    await admin().post('/v1/products').send({ sku: 'FEED-AWAY', name: 'Away', kind: 'service', unitPrice: '1.00', taxRate: '0.20' }).expect(201);
    await newCustomer('Away 2');

    const second = await SseClient.connect(`${base}/v1/events/stream?types=CustomerCreated`, { ...auth, 'Last-Event-ID': lastSeen });
    await second.waitForEvents(2);
    await newCustomer('Back');
    await second.waitForEvents(3);
    expect(second.events.map((e) => JSON.parse(e.data).data.name)).toEqual(['Away 1', 'Away 2', 'Back']);
    await second.close();

    // Without Last-Event-ID, ?after= resumes too; Last-Event-ID wins when both are sent.
    const third = await SseClient.connect(`${base}/v1/events/stream?types=CustomerCreated&after=${encodeURIComponent(lastSeen)}`, auth);
    await third.waitForEvents(3);
    expect(third.events.map((e) => JSON.parse(e.data).data.name)).toEqual(['Away 1', 'Away 2', 'Back']);
    await third.close();
  });

  it('sends heartbeat comments while nothing happens, and filters the stream by stream prefix', async () => {
    const head = (await auditor('/v1/events').query({ limit: 1000 }).expect(200)).body.next;
    const client = await SseClient.connect(`${base}/v1/events/stream?after=${encodeURIComponent(head)}&streamPrefix=product-`, { Authorization: `Bearer ${AUDITOR}` });
    await client.until(() => client.frames.some((f) => f.comment?.startsWith('heartbeat')), 3000, 'a heartbeat');
    await newCustomer('Not a product');
    await admin().post('/v1/products').send({ sku: 'FEED-LIVE', name: 'Live', kind: 'service', unitPrice: '1.00', taxRate: '0.20' }).expect(201);
    await client.waitForEvents(1);
    expect(client.events.map((e) => JSON.parse(e.data).streamId)).toEqual(['product-FEED-LIVE']);
    await client.close();
  });

  it('the example subscriber keeps its own checkpoint and picks up exactly where it stopped', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'subscriber-'));
    const checkpointFile = path.join(folder, 'checkpoint');
    // Start from now: the checkpoint file says where.
    const head = (await auditor('/v1/events').query({ limit: 1000 }).expect(200)).body.next;
    await writeFile(checkpointFile, head);
    const seen: string[] = [];
    const run = (until: number) => {
      const stop = new AbortController();
      const done = follow({
        baseUrl: base,
        apiKey: AUDITOR,
        types: ['CustomerCreated'],
        checkpointFile,
        signal: stop.signal,
        retryMs: 50,
        handle: async (event) => {
          seen.push((event.data as { name: string }).name);
          if (seen.length >= until) stop.abort();
        },
      });
      return done;
    };
    const first = run(2);
    await newCustomer('Sub 1');
    await newCustomer('Sub 2');
    await first;
    const saved = await readFile(checkpointFile, 'utf8');
    await newCustomer('Sub 3'); // while it is stopped
    const second = run(4);
    await newCustomer('Sub 4');
    await second;
    expect(seen).toEqual(['Sub 1', 'Sub 2', 'Sub 3', 'Sub 4']);
    expect(await readFile(checkpointFile, 'utf8')).not.toBe(saved);
    await rm(folder, { recursive: true, force: true });
  });

  it('documents both endpoints in the OpenAPI document', async () => {
    const { paths } = (await auditor('/v1/openapi.json').expect(200)).body;
    expect(Object.keys(paths['/v1/events'])).toEqual(['get']);
    expect(Object.keys(paths['/v1/events/stream'])).toEqual(['get']);
  });
});
