import { logSize } from '../support/log-size';
import { expectProblem } from '../support/expect-problem';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * domain.md "Master data kept up to date" over HTTP: customers' contacts and account manager, their
 * addresses defaulting onto new orders and quotes, and a customer's reference unique among its orders that
 * are not discarded, even for two integrations posting it at the same moment.
 */
describe('customer contacts, addresses on documents and unique customer references', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: 'sales-key:sales,warehouse-key:warehouse,auditor-key:auditor' });
    await t.http().post('/v1/products').set(as('sales-key')).send({ sku: 'CR-1', name: 'Widget', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(() => t.close());

  function as(key: string) {
    return { authorization: `Bearer ${key}` };
  }
  const sales = as('sales-key');
  const billing = { line1: 'Rynek 1', city: 'Łódź', postalCode: '90-001', country: 'PL' };
  const shipping = { line1: 'Magazynowa 5', city: 'Łódź', postalCode: '90-002', country: 'PL' };
  const customer = async (body: Record<string, unknown> = {}) => (await t.http().post('/v1/customers').set(sales).send({ name: 'Müller & Søn', ...body }).expect(201)).body;
  const draft = (customerId: string, body: Record<string, unknown> = {}) => t.http().post('/v1/orders').set(sales).send({ customerId, lines: [{ sku: 'CR-1', quantity: 1 }], ...body });

  describe('contacts and account manager', () => {
    it('adds and removes contacts, keeps the account manager, and shows both', async () => {
      const salespersonId = '0b6f3c2e-1d4a-4e8b-9c7f-5a2d1e0f3b4c';
      const created = await customer({ salespersonId });
      expect(created).toMatchObject({ salespersonId, contacts: [] });
      const withContact = await t.http().post(`/v1/customers/${created.id}/contacts`).set(sales).send({ name: 'Jana Nováková', email: 'jana@acme.example', phone: '+420 601 123 456', role: 'billing' }).expect(201);
      const [contact] = withContact.body.contacts;
      expect(contact).toEqual({ contactId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Jana Nováková', email: 'jana@acme.example', phone: '+420 601 123 456', role: 'billing' });
      await t.http().post(`/v1/customers/${created.id}/contacts`).set(sales).send({ name: 'Piotr', role: 'shipping' }).expect(201);
      const removed = await t.http().delete(`/v1/customers/${created.id}/contacts/${contact.contactId}`).set(sales).expect(200);
      expect(removed.body.contacts).toEqual([expect.objectContaining({ name: 'Piotr', email: null, phone: null, role: 'shipping' })]);
      const changed = await t.http().patch(`/v1/customers/${created.id}`).set(sales).send({ salespersonId: null }).expect(200);
      expect(changed.body.salespersonId).toBeNull();
      const got = await t.http().get(`/v1/customers/${created.id}`).set(as('auditor-key')).expect(200);
      expect(got.body).toMatchObject({ salespersonId: null, contacts: [expect.objectContaining({ name: 'Piotr' })], version: 4 });
    });

    it('refuses bad contacts with 400, unknown ones with 404, other roles with 403, writing nothing', async () => {
      const { id } = await customer();
      const before = await logSize(t.databaseUrl);
      expectProblem(await t.http().post(`/v1/customers/${id}/contacts`).set(sales).send({ name: 'No role' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().post(`/v1/customers/${id}/contacts`).set(sales).send({ name: 'X', role: 'boss' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().post(`/v1/customers/${id}/contacts`).set(sales).send({ name: 'X', role: 'other', email: 'not-an-email' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().post(`/v1/customers/${id}/contacts`).set(sales).send({ name: 'X', role: 'other', phone: 'call me' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().post(`/v1/customers/${id}/contacts`).set(sales).send({ name: 'X', role: 'other', extra: 1 }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().patch(`/v1/customers/${id}`).set(sales).send({ salespersonId: 'bob' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().delete(`/v1/customers/${id}/contacts/0b6f3c2e-1d4a-4e8b-9c7f-5a2d1e0f3b4c`).set(sales), 404, 'CONTACT_NOT_FOUND');
      expectProblem(await t.http().delete(`/v1/customers/${id}/contacts/nope`).set(sales), 404, 'CONTACT_NOT_FOUND');
      expectProblem(await t.http().post('/v1/customers/0b6f3c2e-1d4a-4e8b-9c7f-5a2d1e0f3b4c/contacts').set(sales).send({ name: 'X', role: 'other' }), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http().post(`/v1/customers/${id}/contacts`).set(as('warehouse-key')).send({ name: 'X', role: 'other' }), 403, 'FORBIDDEN');
      expect(await logSize(t.databaseUrl)).toBe(before);
    });
  });

  describe('addresses on new orders and quotes', () => {
    it("snapshots the customer's billing and shipping addresses on a new order; an order may ship elsewhere", async () => {
      const { id } = await customer({ billingAddress: billing, shippingAddress: shipping });
      const order = (await draft(id).expect(201)).body;
      expect(order).toMatchObject({ billingAddress: billing, shippingAddress: shipping, channel: 'manual' });
      const elsewhere = { line1: 'Piotrkowska 100', city: 'Łódź', country: 'PL' };
      const own = (await draft(id, { shippingAddress: elsewhere, channel: 'edi' }).expect(201)).body;
      expect(own).toMatchObject({ billingAddress: billing, shippingAddress: elsewhere, channel: 'edi' });
      // A later change of the customer's addresses leaves the orders as they were made out.
      await t.http().patch(`/v1/customers/${id}`).set(sales).send({ billingAddress: { ...billing, line1: 'Rynek 2' }, shippingAddress: null }).expect(200);
      expect((await t.http().get(`/v1/orders/${order.id}`).set(sales).expect(200)).body).toMatchObject({ billingAddress: billing, shippingAddress: shipping });
      // Without a shipping address of its own, the customer's goods go to its billing address.
      expect((await draft(id).expect(201)).body).toMatchObject({ billingAddress: { line1: 'Rynek 2' }, shippingAddress: { line1: 'Rynek 2' } });
      expectProblem(await draft(id, { channel: 'fax' }), 400, 'VALIDATION_FAILED');
    });

    it('snapshots them on a quote, and the order converted from it takes the quote’s', async () => {
      const { id } = await customer({ billingAddress: billing, shippingAddress: shipping });
      const quote = (await t.http().post('/v1/quotes').set(sales).send({ customerId: id, lines: [{ sku: 'CR-1', quantity: 2 }] }).expect(201)).body;
      expect(quote).toMatchObject({ billingAddress: billing, shippingAddress: shipping });
      await t.http().patch(`/v1/customers/${id}`).set(sales).send({ shippingAddress: null }).expect(200);
      await t.http().post(`/v1/quotes/${quote.id}/send`).set(sales).send({}).expect(200);
      await t.http().post(`/v1/quotes/${quote.id}/accept`).set(sales).send({}).expect(200);
      const { orderId } = (await t.http().post(`/v1/quotes/${quote.id}/convert`).set(sales).send({}).expect(201)).body;
      expect((await t.http().get(`/v1/orders/${orderId}`).set(sales).expect(200)).body).toMatchObject({ billingAddress: billing, shippingAddress: shipping });
    });
  });

  describe('customer references', () => {
    it('refuses a second order with a reference the customer already used, naming the first; other customers are free to use it', async () => {
      const { id } = await customer();
      const first = (await draft(id, { customerReference: 'PO-4711' }).expect(201)).body;
      const before = await logSize(t.databaseUrl);
      const second = await draft(id, { customerReference: 'po-4711 ' });
      expectProblem(second, 409, 'DUPLICATE_CUSTOMER_REFERENCE');
      expect(second.body.orderId).toBe(first.id);
      expect(second.body.detail).toContain(first.id);
      expect(await logSize(t.databaseUrl)).toBe(before);
      const other = await customer();
      await draft(other.id, { customerReference: 'PO-4711' }).expect(201);
    });

    it('frees the reference when its order is discarded or takes another; a change onto a taken reference is refused', async () => {
      const { id } = await customer();
      const first = (await draft(id, { customerReference: 'PO-1' }).expect(201)).body;
      await t.http().delete(`/v1/orders/${first.id}`).set(sales).expect(200);
      const second = (await draft(id, { customerReference: 'PO-1' }).expect(201)).body;
      await t.http().patch(`/v1/orders/${second.id}`).set(sales).send({ customerReference: 'PO-2' }).expect(200);
      const third = (await draft(id, { customerReference: 'PO-1' }).expect(201)).body;
      const taken = await t.http().patch(`/v1/orders/${third.id}`).set(sales).send({ customerReference: 'PO-2' });
      expectProblem(taken, 409, 'DUPLICATE_CUSTOMER_REFERENCE');
      expect(taken.body.orderId).toBe(second.id);
      expect((await t.http().get(`/v1/orders/${third.id}`).set(sales).expect(200)).body.customerReference).toBe('PO-1');
    });

    it('gives one order when two integrations post the same reference at once', async () => {
      for (let round = 0; round < 5; round++) {
        const { id } = await customer();
        const answers = await Promise.all(Array.from({ length: 6 }, () => draft(id, { customerReference: `EDI-${round}`, channel: 'edi' })));
        const created = answers.filter((a) => a.status === 201);
        const refused = answers.filter((a) => a.status !== 201);
        expect(created).toHaveLength(1);
        for (const answer of refused) {
          expectProblem(answer, 409, 'DUPLICATE_CUSTOMER_REFERENCE');
          expect(answer.body.orderId).toBe(created[0].body.id);
        }
      }
    });

    it('lets a retry with the same Idempotency-Key through: it is the same order', async () => {
      const { id } = await customer();
      const first = await draft(id, { customerReference: 'PO-R' }).set('idempotency-key', 'k-po-r').expect(201);
      const again = await draft(id, { customerReference: 'PO-R' }).set('idempotency-key', 'k-po-r').expect(201);
      expect(again.body.id).toBe(first.body.id);
    });
  });
});
