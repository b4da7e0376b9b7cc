import { Pool } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { VerifyReport, verifyAll } from '@ledgerline/projections/verify/verify-all';
import { checkHashChain } from '../../apps/cli/src/verify/hash-chain-check';
import { logSize } from '../support/log-size';
import { runVerify } from '../support/cli-child';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * `cli verify`: a clean log verifies; a skewed read-model row, an edited event and a deleted
 * event each fail it with a finding that names where. The app runs its projections meanwhile, as in
 * production: verify must not depend on a quiet database.
 */
describe('verify', () => {
  let t: TestApp;
  let pool: Pool;
  let store: PostgresEventStore;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: t.databaseUrl, max: 4 });
    store = PostgresEventStore.fromConnectionString(t.databaseUrl);
    const http = t.http();
    await http.post('/v1/products').send({ sku: 'VER-1', name: 'Verified', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20', unitCost: '4.00' }).expect(201);
    await t.http().post('/v1/stock/receipts').send({ sku: 'VER-1', quantity: 10, unitCost: '4.00' }).expect(201);
    customerId = (await t.http().post('/v1/customers').send({ name: 'Audited' }).expect(201)).body.id;
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'VER-1', quantity: 3 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 3 }] }).expect(201);
    const invoice = (await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 3 }] }).expect(201)).body;
    const paid = (await t.http().post('/v1/payments').send({ customerId, amount: '50.00', allocations: [{ invoiceId: invoice.id, amount: '30.00' }] }).expect(201)).body;
    await t.http().get('/v1/journals').query({ after: paid.position }).expect(200);
    await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: paid.position }).expect(200);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await t.close();
  });

  const verify = (): Promise<VerifyReport> =>
    verifyAll({ store, pool, databaseUrl: t.databaseUrl, projections: ALL_PROJECTIONS, checkChain: checkHashChain, totalEvents: 100 });

  it('verifies a clean log: replays equal the live tables, invariants hold, the chain is intact', async () => {
    const report = await verify();
    expect(report.replay.map((r) => [r.projection, r.differences])).toEqual(ALL_PROJECTIONS.map((p) => [p.name, []]));
    expect(report.replay.every((r) => r.eventsApplied > 0)).toBe(true);
    expect(report.invariants.filter((i) => !i.holds)).toEqual([]);
    expect(report.invariants.length).toBeGreaterThanOrEqual(5);
    expect(report.hashChain.findings).toEqual([]);
    expect(report.hashChain.eventsChecked).toBe(await logSize(t.databaseUrl));
    expect(report.ok).toBe(true);
    // Scratch schemas are gone afterwards.
    const { rows } = await pool.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'verify\\_%'`);
    expect(rows).toEqual([]);
  });

  it('names a skewed read-model row', async () => {
    await pool.query(`UPDATE stock_g1.stock_levels SET on_hand = on_hand + 1 WHERE sku = 'VER-1'`);
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      const stock = report.replay.find((r) => r.projection === 'stock');
      expect(stock?.differences).toEqual([expect.objectContaining({ table: 'stock_levels', missingFromLive: 1, unexpectedInLive: 1 })]);
      expect(stock?.differences[0].samples.unexpectedInLive[0]).toContain('VER-1');
      expect(report.hashChain.findings).toEqual([]);
    } finally {
      await pool.query(`UPDATE stock_g1.stock_levels SET on_hand = on_hand - 1 WHERE sku = 'VER-1'`);
    }
  });

  it('runs as `npm run cli -- verify --json` with exit code 0 on a clean log, 1 when an event was changed or deleted', async () => {
    const cli = async (): Promise<{ code: number | null; report: VerifyReport }> => {
      const run = await runVerify(t.databaseUrl);
      if (!run.report) throw new Error(run.problem);
      return { code: run.code, report: run.report as unknown as VerifyReport };
    };
    const clean = await cli();
    expect(clean.code).toBe(0);
    expect(clean.report.ok).toBe(true);

    // An edited payment: its amount doubled in the stored row.
    const stream = `customerAccount-${customerId}`;
    await pool.query(`UPDATE es_events SET data = jsonb_set(data, '{amount}', '"100.00"') WHERE stream_id = $1 AND version = 0`, [stream]);
    const edited = await cli();
    expect(edited.code).toBe(1);
    expect(edited.report.hashChain.findings).toEqual(expect.arrayContaining([expect.objectContaining({ streamId: stream, version: 0, kind: 'changed' })]));
    // The edited payment no longer adds up: the receivables replay names the event it could not apply.
    expect(edited.report.replay.find((r) => r.projection === 'receivables')?.failure).toMatchObject({ streamId: stream, version: 0, type: 'PaymentReceived' });

    // A deleted event: the customer's creation.
    await pool.query(`DELETE FROM es_events WHERE stream_id = $1 AND version = 0`, [`customer-${customerId}`]);
    const deleted = await verify();
    expect(deleted.ok).toBe(false);
    expect(deleted.hashChain.findings).toEqual(expect.arrayContaining([expect.objectContaining({ streamId: `customer-${customerId}`, version: 0 })]));
  }, 60_000);
});
