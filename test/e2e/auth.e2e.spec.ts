import { TestApp, startTestApp } from '../support/test-app';

/** api.md "Auth": keys and roles from API_KEYS; 401 without a known key, 403 for a role without the right. */
describe('authentication and roles over HTTP', () => {
  let t: TestApp;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: 'k-admin:admin,k-sales:sales,k-wh:warehouse,k-acc:accounting,k-aud:auditor' });
  });
  afterAll(() => t.close());

  it('refuses a missing, malformed or unknown key with 401', async () => {
    for (const headers of [{}, { Authorization: 'Basic abc' }, as('nope')]) {
      const res = await t.http().get('/v1/products/ANY').set(headers);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('keeps /health open', async () => {
    await t.http().get('/health').expect(200);
  });

  it('lets each role write only its own area; admin everything', async () => {
    await t.http().post('/v1/products').set(as('k-sales')).send({ sku: 'R-1', name: 'R', kind: 'stocked', unitPrice: '1', taxRate: '0' }).expect(201);
    await t.http().post('/v1/customers').set(as('k-sales')).send({ name: 'By sales' }).expect(201);
    await t.http().post('/v1/stock/receipts').set(as('k-wh')).send({ sku: 'R-1', quantity: 1, unitCost: '1' }).expect(201);
    await t.http().post('/v1/customers').set(as('k-admin')).send({ name: 'By admin' }).expect(201);
    for (const [key, path, body] of [
      ['k-wh', '/v1/customers', { name: 'X' }],
      ['k-acc', '/v1/products', { sku: 'R-2', name: 'R', kind: 'stocked', unitPrice: '1', taxRate: '0' }],
      ['k-sales', '/v1/stock/receipts', { sku: 'R-1', quantity: 1, unitCost: '1' }],
      ['k-aud', '/v1/customers', { name: 'X' }],
    ] as const) {
      const res = await t.http().post(path).set(as(key)).send(body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it('lets the auditor read everything and records the actor without the key', async () => {
    const created = await t.http().post('/v1/customers').set(as('k-sales')).send({ name: 'Audited' }).expect(201);
    await t.http().get(`/v1/customers/${created.body.id}`).set(as('k-aud')).expect(200);
    await t.http().get('/v1/products/R-1').set(as('k-aud')).expect(200);
    const forbiddenPatch = await t.http().patch(`/v1/customers/${created.body.id}`).set(as('k-aud')).send({ name: 'X' });
    expect(forbiddenPatch.status).toBe(403);
  });
});
