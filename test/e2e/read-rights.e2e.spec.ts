import { Controller, ExecutionContext, Get, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApiKeyGuard, Public, ReadableBy } from '../../apps/api/src/http/auth';
import { KnownApiKeys } from '../../apps/api/src/http/known-api-keys';
import { Problem } from '../../apps/api/src/http/problem';
import { untilReadable } from '../support/until-readable';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md "Conventions", the reads table, written out again here so that the code is checked against the page. */
const READERS = {
  operations: ['admin', 'sales', 'warehouse', 'accounting', 'auditor'],
  billing: ['admin', 'sales', 'accounting', 'auditor'],
  ledger: ['admin', 'accounting', 'auditor'],
  events: ['admin', 'auditor', 'subscriber'],
} as const;
type Area = keyof typeof READERS;

/** Every GET route of the app and the row of the table it belongs to. */
const ROUTES: Record<string, Area> = {
  '/v1/customers': 'operations',
  '/v1/customers/:id': 'operations',
  '/v1/products': 'operations',
  '/v1/products/:sku': 'operations',
  '/v1/stock/receipts/:id': 'operations',
  '/v1/quotes/:id': 'operations',
  '/v1/orders': 'operations',
  '/v1/orders/:id': 'operations',
  '/v1/orders/:id/history': 'operations',
  '/v1/orders/:id/shipments/:shipmentId': 'operations',
  '/v1/stock': 'operations',
  '/v1/stock/:sku': 'operations',
  '/v1/stock/:sku/movements': 'operations',
  '/v1/projections': 'operations',
  '/v1/invoices': 'billing',
  '/v1/invoices/:id': 'billing',
  '/v1/credit-notes': 'billing',
  '/v1/credit-notes/:id': 'billing',
  '/v1/payments': 'billing',
  '/v1/receivables/customers/:id': 'billing',
  '/v1/receivables/aging': 'billing',
  '/v1/journals': 'ledger',
  '/v1/reports/trial-balance': 'ledger',
  '/v1/events': 'events',
  '/v1/events/stream': 'events',
};

const ROLES = ['admin', 'sales', 'warehouse', 'accounting', 'auditor', 'subscriber'] as const;
const KEY = Object.fromEntries(ROLES.map((role) => [role, `key-of-${role}-${randomUUID()}`])) as Record<(typeof ROLES)[number], string>;

/** A concrete path for a route: unknown ids and skus, so an allowed read is a 200 or a 404. */
const concrete = (route: string) => route.replace(/:sku/g, 'NO-SUCH-SKU').replace(/:\w+/g, () => randomUUID());

/** The GET routes the running app serves, from the controllers' own metadata. */
function getRoutes(app: TestApp['app']): { path: string; isPublic: boolean }[] {
  const reflector = new Reflector();
  const routes: { path: string; isPublic: boolean }[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as new () => object;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        routes.push({ path, isPublic: reflector.getAllAndOverride<boolean>('ledgerline:public', [handler, controller]) === true });
      }
    }
  }
  return routes;
}

describe('read rights over HTTP (api.md reads table)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    // One labelled key, the others plain: both kinds carry their role.
    t = await startTestApp({ API_KEYS: ROLES.map((role, i) => (i % 2 === 0 ? `${role}-key:${KEY[role]}:${role}` : `${KEY[role]}:${role}`)).join(',') });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** Status of a GET as one role; a stream that opens is dropped once its status is known. */
  async function statusOf(path: string, role: (typeof ROLES)[number] | 'nobody'): Promise<number> {
    const stop = new AbortController();
    const headers: Record<string, string> = role === 'nobody' ? {} : { Authorization: `Bearer ${KEY[role]}` };
    const response = await fetch(`${base}${path}`, { headers, signal: stop.signal });
    stop.abort();
    return response.status;
  }

  it('serves exactly the GET routes listed here, each but /health in a read area', () => {
    const routes = getRoutes(t.app);
    expect(routes.filter((r) => r.isPublic).map((r) => r.path)).toEqual(['/health']);
    expect(
      routes
        .filter((r) => !r.isPublic)
        .map((r) => r.path)
        .sort(),
    ).toEqual(Object.keys(ROUTES).sort());
  });

  it('lets each role read its rows of the table (200 or 404) and nothing else (403); no key is a 401', async () => {
    const wrong: string[] = [];
    for (const [route, area] of Object.entries(ROUTES)) {
      const path = concrete(route);
      for (const role of ROLES) {
        const status = await statusOf(path, role);
        const allowed = (READERS[area] as readonly string[]).includes(role);
        if (allowed ? ![200, 404].includes(status) : status !== 403) wrong.push(`${role} GET ${route}: ${status}, expected ${allowed ? '200/404' : '403'}`);
      }
      const anonymous = await statusOf(path, 'nobody');
      if (anonymous !== 401) wrong.push(`no key GET ${route}: ${anonymous}, expected 401`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets the subscriber follow the feed and the stream, and write nothing', async () => {
    const as = { Authorization: `Bearer ${KEY.subscriber}` };
    const written = await t.http().post('/v1/customers').set({ Authorization: `Bearer ${KEY.sales}` }).send({ name: 'Seen by the feed' }).expect(201);
    await untilReadable(t.app, written.body.position);
    const feed = await t.http().get('/v1/events').set(as).expect(200);
    expect(feed.body.events.map((e: { type: string }) => e.type)).toContain('CustomerCreated');
    const stop = new AbortController();
    const stream = await fetch(`${base}/v1/events/stream`, { headers: as, signal: stop.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    stop.abort();
    const customer = feed.body.events.find((e: { type: string }) => e.type === 'CustomerCreated').data.customerId;
    for (const res of [
      await t.http().post('/v1/customers').set(as).send({ name: 'No' }),
      await t.http().patch(`/v1/customers/${customer}`).set(as).send({ name: 'No' }),
      await t.http().post('/v1/payments').set(as).send({ customerId: customer, amount: '1.00' }),
      await t.http().post('/v1/stock/receipts').set(as).send({ sku: 'X', quantity: 1, unitCost: '1' }),
      await t.http().delete(`/v1/orders/${randomUUID()}`).set(as),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const after = await t.http().get('/v1/events').set(as).expect(200);
    expect(after.body.events).toHaveLength(feed.body.events.length);
  });

  describe('a GET route that declares no area', () => {
    @Controller('v1/undeclared')
    class UndeclaredController {
      @Get()
      undeclared() {}

      @Get('declared')
      @ReadableBy('operations')
      declared() {}

      @Get('open')
      @Public()
      open() {}
    }

    const contextOf = (handler: keyof UndeclaredController, key: string) =>
      ({
        getHandler: () => UndeclaredController.prototype[handler],
        getClass: () => UndeclaredController,
        switchToHttp: () => ({ getRequest: () => ({ method: 'GET', path: '/v1/undeclared', headers: { authorization: `Bearer ${key}` } }) }),
      }) as unknown as ExecutionContext;

    it('is admin’s alone (secure by default); a declared or public one is open to its readers', () => {
      const guard = new ApiKeyGuard(new Reflector(), t.app.get(KnownApiKeys));
      expect(guard.canActivate(contextOf('undeclared', KEY.admin))).toBe(true);
      for (const role of ROLES.filter((r) => r !== 'admin')) {
        expect(() => guard.canActivate(contextOf('undeclared', KEY[role]))).toThrow(Problem);
        expect(guard.canActivate(contextOf('open', KEY[role]))).toBe(true);
      }
      expect(guard.canActivate(contextOf('declared', KEY.warehouse))).toBe(true);
      expect(() => guard.canActivate(contextOf('declared', KEY.subscriber))).toThrow(/subscriber role may not read/);
    });
  });
});
