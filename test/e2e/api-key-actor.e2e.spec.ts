import { createHash, createHmac } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';
import { untilReadable } from '../support/until-readable';

const LABELLED = 'labelled-key-of-the-ci-bot';
const WEAK = 'password1';
const AUDITOR = 'auditor-key-for-the-actor-test';
const API_KEYS = `ci-bot:${LABELLED}:sales,${WEAK}:sales,${AUDITOR}:auditor`;

interface FeedEvent {
  type: string;
  data: { name?: string };
  metadata: { actor: string };
}

/** The actor a key writes on events: its label, or a hash keyed by the installation's secret (api-key-actor.ts). */
describe('the actor of an API key on events', () => {
  const databases: { url: string; drop: () => Promise<void> }[] = [];
  afterAll(() => Promise.all(databases.map((d) => d.drop())));

  const newDatabase = async () => {
    const database = await createTestDatabase('actor');
    databases.push(database);
    return database.url;
  };

  /** Starts the app on the database, creates a customer with each key, returns the actors on their events. */
  async function run(databaseUrl: string, round: string): Promise<{ labelled: string; weak: string; feed: string }> {
    const t = await startTestApp({ API_KEYS }, databaseUrl);
    try {
      let last = '';
      for (const [key, name] of [
        [LABELLED, `labelled ${round}`],
        [WEAK, `weak ${round}`],
      ]) {
        last = (await t.http().post('/v1/customers').set('Authorization', `Bearer ${key}`).send({ name }).expect(201)).body.position;
      }
      await untilReadable(t.app, last);
      const feed = (await t.http().get('/v1/events').set('Authorization', `Bearer ${AUDITOR}`).query({ limit: 1000 }).expect(200)).body.events as FeedEvent[];
      const actorOf = (name: string) => feed.find((e) => e.type === 'CustomerCreated' && e.data.name === name)?.metadata.actor ?? 'none';
      return { labelled: actorOf(`labelled ${round}`), weak: actorOf(`weak ${round}`), feed: JSON.stringify(feed) };
    } finally {
      await t.close();
    }
  }

  async function secretOf(databaseUrl: string): Promise<Buffer> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ secret: Buffer }>(`SELECT secret FROM installation_secrets WHERE name = 'api-key-actor'`);
      expect(rows).toHaveLength(1);
      return rows[0].secret;
    } finally {
      await client.end();
    }
  }

  let url: string;
  let first: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    url = await newDatabase();
    first = await run(url, 'first');
  });

  it('is the label of a labelled key, and a keyed hash of an unlabelled one: never the key or its plain hash', async () => {
    const { labelled, weak, feed } = first;
    expect(labelled).toBe('apikey:ci-bot');
    const secret = await secretOf(url);
    expect(secret.length).toBe(32);
    expect(weak).toBe(`apikey:sales:${createHmac('sha256', secret).update(WEAK).digest('hex').slice(0, 16)}`);
    const plain = createHash('sha256').update(WEAK).digest('hex');
    expect(weak).not.toContain(plain.slice(0, 8));
    for (const leaked of [WEAK, LABELLED, plain.slice(0, 10), secret.toString('hex'), secret.toString('base64')]) expect(feed).not.toContain(leaked);
  });

  it('stays the same across restarts on one database, and differs on another installation', async () => {
    const second = await run(url, 'after restart');
    expect(second).toMatchObject({ labelled: first.labelled, weak: first.weak });
    const elsewhere = await run(await newDatabase(), 'elsewhere');
    expect(elsewhere.labelled).toBe('apikey:ci-bot');
    expect(elsewhere.weak).toMatch(/^apikey:sales:[0-9a-f]{16}$/);
    expect(elsewhere.weak).not.toBe(first.weak);
  });
});
