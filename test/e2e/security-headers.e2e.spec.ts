import type { Response } from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';
import { expectProblem } from '../support/expect-problem';

const ADMIN = 'headers-admin-key';
const SUBSCRIBER = 'headers-subscriber-key';
const APP_ORIGIN = 'https://app.example.com';

/** helmet's headers and no-store on every answer; the API's own CSP for JSON. */
function expectHardened(res: Response): void {
  expect(res.headers).toMatchObject({
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none';frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('security headers over HTTP', () => {
  let t: TestApp;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `${ADMIN}:admin,${SUBSCRIBER}:subscriber` });
  });
  afterAll(() => t.close());

  it('sends them with every authenticated answer, refusals and errors included, and on /health', async () => {
    const created = await t.http().post('/v1/customers').set(as(ADMIN)).send({ name: 'Hardened' }).expect(201);
    expectHardened(created);
    expectHardened(await t.http().get(`/v1/customers/${created.body.id}`).set(as(ADMIN)).expect(200));
    expectHardened(await t.http().get('/v1/events').set(as(SUBSCRIBER)).expect(200));
    const refusals = [
      [await t.http().get('/v1/customers/x'), 401, 'UNAUTHENTICATED'],
      [await t.http().get('/v1/customers/x').set(as(SUBSCRIBER)), 403, 'FORBIDDEN'],
      [await t.http().get('/v1/customers/00000000-0000-4000-8000-000000000000').set(as(ADMIN)), 404, 'CUSTOMER_NOT_FOUND'],
      [await t.http().get('/v1/no-such-route').set(as(ADMIN)), 404, 'NOT_FOUND'],
      [await t.http().post('/v1/customers').set(as(ADMIN)).send({ name: 'x', unknown: 1 }), 400, 'VALIDATION_FAILED'],
      [await t.http().post('/v1/customers').set(as(ADMIN)).set('content-type', 'application/json').send('{"name":'), 400, 'MALFORMED_JSON'],
    ] as const;
    for (const [res, status, code] of refusals) {
      expectProblem(res, status, code);
      expectHardened(res);
    }
    expectHardened(await t.http().get('/health').expect(200));
  });

  it('still refuses a 10 MB body with 413 before reading it, hardened, with no stack or SQL', async () => {
    const res = await t.http().post('/v1/customers').set(as(ADMIN)).send({ name: 'x'.repeat(10 * 1024 * 1024) });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expectHardened(res);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \w|\.ts:\d|SELECT|INSERT/);
  });

  it('lets Swagger UI load: its page and every script and stylesheet it names are served under a CSP that allows them', async () => {
    const page = await t.http().get('/v1/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = Object.fromEntries(
      String(page.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    const html = page.text;
    // script-src 'self' runs no inline script: every <script> must load a file of ours.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="[^":]+"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers (script-src-attr 'none')
    const files = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(([, file]) => new URL(file, 'http://x/v1/docs').pathname);
    expect(files).toEqual(expect.arrayContaining(['/v1/docs/swagger-ui-bundle.js', '/v1/docs/swagger-ui-init.js', '/v1/docs/swagger-ui.css']));
    for (const file of files) {
      const asset = await t.http().get(file);
      expect([file, asset.status]).toEqual([file, 200]);
      expect(asset.headers['content-type']).toMatch(file.endsWith('.css') ? /^text\/css/ : /javascript/);
    }
    // The page fetches nothing from other hosts (the validator badge is off).
    const init = await t.http().get('/v1/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"validatorUrl":\s*null/);
  });

  it('sends no CORS headers when CORS_ORIGINS is not set', async () => {
    const simple = await t.http().get('/v1/events').set(as(SUBSCRIBER)).set('Origin', APP_ORIGIN).expect(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.http().options('/v1/events').set('Origin', APP_ORIGIN).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  describe('with CORS_ORIGINS', () => {
    let c: TestApp;
    beforeAll(async () => {
      c = await startTestApp({ API_KEYS: `${SUBSCRIBER}:subscriber`, CORS_ORIGINS: `${APP_ORIGIN},http://localhost:5173` });
    });
    afterAll(() => c.close());

    it('answers a listed origin, and only a listed one', async () => {
      const preflight = await c
        .http()
        .options('/v1/events')
        .set('Origin', APP_ORIGIN)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const simple = await c.http().get('/v1/events').set(as(SUBSCRIBER)).set('Origin', APP_ORIGIN).expect(200);
      expect(simple.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(simple.headers['access-control-expose-headers']).toMatch(/ETag/);
      expect(simple.headers.vary).toMatch(/Origin/);
      expectHardened(simple);

      const other = await c.http().get('/v1/events').set(as(SUBSCRIBER)).set('Origin', 'https://evil.example.com').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
