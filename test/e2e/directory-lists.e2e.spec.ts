import { expectProblem } from '../support/expect-problem';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md part two "Lists and search": customers and products found by search and filters, paged by cursor. */
describe('customer and product lists over HTTP', () => {
  let t: TestApp;
  const sales = { authorization: 'Bearer sales-key' };
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: 'sales-key:sales,auditor-key:auditor,sub-key:subscriber' });
  });
  afterAll(() => t.close());

  const createCustomer = async (body: Record<string, unknown>) => (await t.http().post('/v1/customers').set(sales).send(body).expect(201)).body;
  const createProduct = async (sku: string, body: Record<string, unknown> = {}) =>
    (await t.http().post('/v1/products').set(sales).send({ sku, name: `Widget ${sku}`, kind: 'stocked', unitPrice: '10.00', taxRate: '0.20', ...body }).expect(201)).body;
  const get = (path: string) => t.http().get(path).set(sales);

  it('finds customers by part of their name, email or a contact, case-insensitively, and filters them', async () => {
    const salespersonId = '6a1c9e2b-3f4d-4b5a-8c7d-9e0f1a2b3c4d';
    const mueller = await createCustomer({ name: 'Müller & Søn', email: 'ap@mueller.example', salespersonId });
    const lodz = await createCustomer({ name: 'Łódź Trading' });
    await t.http().post(`/v1/customers/${lodz.id}/contacts`).set(sales).send({ name: 'Agnieszka Wróbel', phone: '+48 42 555 0101', role: 'billing' }).expect(201);
    const blocked = await t.http().patch(`/v1/customers/${lodz.id}`).set(sales).send({ blocked: true }).expect(200);

    const byName = await get(`/v1/customers?q=${encodeURIComponent('MÜLLER')}&after=${encodeURIComponent(blocked.body.position)}`).expect(200);
    expect(byName.body.customers.map((c: { id: string }) => c.id)).toEqual([mueller.id]);
    expect(byName.body.customers[0]).toMatchObject({ name: 'Müller & Søn', email: 'ap@mueller.example', salespersonId, blocked: false, contacts: [] });
    expect((await get('/v1/customers?q=mueller.example').expect(200)).body.customers.map((c: { id: string }) => c.id)).toEqual([mueller.id]);
    const byContact = (await get('/v1/customers?q=wr%C3%B3bel').expect(200)).body.customers;
    expect(byContact.map((c: { id: string }) => c.id)).toEqual([lodz.id]);
    expect(byContact[0]).toMatchObject({ blocked: true, contacts: [expect.objectContaining({ name: 'Agnieszka Wróbel', role: 'billing' })] });
    expect((await get('/v1/customers?q=555%200101').expect(200)).body.customers.map((c: { id: string }) => c.id)).toEqual([lodz.id]);
    // LIKE's own characters are searched for, not used as wildcards.
    expect((await get('/v1/customers?q=%25').expect(200)).body.customers).toEqual([]);
    expect((await get('/v1/customers?q=%26').expect(200)).body.customers.map((c: { id: string }) => c.id)).toEqual([mueller.id]);

    const blockedOnes = (await get('/v1/customers?blocked=true').expect(200)).body.customers.map((c: { id: string }) => c.id);
    expect(blockedOnes).toContain(lodz.id);
    expect(blockedOnes).not.toContain(mueller.id);
    expect((await get(`/v1/customers?salespersonId=${salespersonId}`).expect(200)).body.customers.map((c: { id: string }) => c.id)).toEqual([mueller.id]);
  });

  it('finds products by sku or name, and filters by kind, active flag and supplier', async () => {
    const supplierId = '7b2d0f3c-4e5a-4c6b-9d8e-0f1a2b3c4d5e';
    await createProduct('LIST-A1', { name: 'Gasket' });
    await createProduct('LIST-A2', { name: 'Consulting day', kind: 'service' });
    await createProduct('LIST-A3', { name: 'Flange' });
    const changed = await t.http().patch('/v1/products/LIST-A3').set(sales).send({ active: false, supplierId, unitPrice: '12.00' }).expect(200);

    const bySku = (await get(`/v1/products?q=list-a&after=${encodeURIComponent(changed.body.position)}`).expect(200)).body.products;
    expect(bySku.map((p: { sku: string }) => p.sku)).toEqual(['LIST-A1', 'LIST-A2', 'LIST-A3']);
    expect(bySku[2]).toMatchObject({ sku: 'LIST-A3', name: 'Flange', unitPrice: '12.00', taxRate: '0.20', active: false, supplierId, kind: 'stocked' });
    expect((await get('/v1/products?q=GASK').expect(200)).body.products.map((p: { sku: string }) => p.sku)).toEqual(['LIST-A1']);
    expect((await get('/v1/products?q=list-a&kind=service').expect(200)).body.products.map((p: { sku: string }) => p.sku)).toEqual(['LIST-A2']);
    expect((await get('/v1/products?q=list-a&active=true').expect(200)).body.products.map((p: { sku: string }) => p.sku)).toEqual(['LIST-A1', 'LIST-A2']);
    expect((await get(`/v1/products?supplierId=${supplierId}`).expect(200)).body.products.map((p: { sku: string }) => p.sku)).toEqual(['LIST-A3']);
  });

  it('pages through every row exactly once while rows are being added', async () => {
    const tag = `Pager ${Date.now()}`;
    const existing = new Set<string>();
    let position = '';
    for (let i = 0; i < 12; i++) {
      const created = await createCustomer({ name: `${tag} ${String.fromCharCode(97 + i)}` });
      existing.add(created.id);
      position = created.position;
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const page: { body: { customers: { id: string }[]; next: string | null } } = await get(
        `/v1/customers?q=${encodeURIComponent(tag)}&limit=5&after=${encodeURIComponent(position)}${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      seen.push(...page.body.customers.map((c: { id: string }) => c.id));
      cursor = page.body.next;
      // Rows added between pages, before and after the cursor's place in the order.
      if (added < 4) {
        await createCustomer({ name: `${tag} ${added % 2 === 0 ? '0' : 'z'}${added}` });
        added++;
      }
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of existing) expect(seen).toContain(id);
  });

  it('refuses unknown filters, bad values and foreign cursors with 400, and roles without the right with 403', async () => {
    expectProblem(await get('/v1/customers?colour=red'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/customers?blocked=yes'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/customers?salespersonId=bob'), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/v1/customers?q=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/customers?q=%20'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/customers?limit=501'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/customers?cursor=bm9wZQ'), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/v1/customers?cursor=${Buffer.from('["a"]').toString('base64url')}`), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/products?kind=gadget'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/products?active=1'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/products?after=pg:1'), 400, 'INVALID_POSITION');
    expectProblem(await t.http().get('/v1/customers').set({ authorization: 'Bearer sub-key' }), 403, 'FORBIDDEN');
    await t.http().get('/v1/products').set({ authorization: 'Bearer auditor-key' }).expect(200);
  });
});
