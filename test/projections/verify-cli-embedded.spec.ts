import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import request from 'supertest';
import { createApp } from '../../apps/api/src/create-app';
import { GENESIS_HASH, eventHash } from '@ledgerline/event-store/hash-chain';
import { EventMetadata, JsonObject } from '@ledgerline/event-store/port';
import { loadConfig } from '@ledgerline/platform/config/app-config';
import { createLogger } from '@ledgerline/platform/logging/logger';
import type { VerifyReport } from '@ledgerline/projections/verify/verify-all';
import { type CliRun as Run, runCli } from '../support/cli-child';
import { ROOT, TS_NODE_ARGS } from '../support/ts-child';

/** test/support/embedded-postgres-child.ts: one answer line per command line. */
interface Holder {
  ask(command: 'start' | 'stop'): Promise<string>;
  close(): Promise<void>;
}

function startHolder(dataDir: string): Holder {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, 'test/support/embedded-postgres-child.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    ask: async (command) => {
      child.stdin.write(`${command}\n`);
      const answer = await Promise.race([answers.next(), exited.then((code) => ({ done: true, value: `exited ${code}` }))]);
      if (answer.done) throw new Error(`the embedded PostgreSQL child did not answer "${command}": ${answer.value ?? 'stdout closed'}`);
      return answer.value;
    },
    close: async () => {
      child.stdin.end();
      expect(await exited).toBe(0);
    },
  };
}

/**
 * `cli verify` as a user runs it: no DATABASE_URL, so the CLI starts the embedded PostgreSQL in DATA_DIR
 * itself, and with it embedded-postgres, whose exit hooks once ended the process with code 0 whatever
 * verify had found. Its exit code must say what it found, and with --json its stdout must be the report
 * alone, every log line on stderr. One DATA_DIR serves the three cases in turn; between runs a child
 * process starts the cluster on it to seed or tamper, then stops it.
 */
describe('cli verify on its embedded PostgreSQL', () => {
  let dataParent: string;
  let dataDir: string;
  let customerId: string;
  let holder: Holder;

  /** Runs `work` on the embedded cluster of DATA_DIR, started and stopped for it by the holder child. */
  const withDatabase = async <T>(work: (url: string, pool: Pool) => Promise<T>): Promise<T> => {
    const url = await holder.ask('start');
    const pool = new Pool({ connectionString: url, max: 2 });
    // The server's goodbye to a client (57P01 when the holder stops it) may come after pool.end() returned;
    // it is no finding of this test's, and unhandled it would fail whichever test runs then.
    pool.on('error', () => undefined);
    try {
      return await work(url, pool);
    } finally {
      await pool.end();
      expect(await holder.ask('stop')).toBe('stopped');
    }
  };

  /** The CLI as a child process on the embedded default: DATA_DIR set, DATABASE_URL unset. */
  const cli = (via: 'npm' | 'node', args: readonly string[]): Promise<Run> => runCli(args, { DATA_DIR: dataDir, LOG_LEVEL: 'debug', DATABASE_URL: undefined }, via);

  /** The exit code, with the output in the message when it is not the one expected. */
  const expectExit = (run: Run, code: number): void => {
    if (run.code === code) return;
    throw new Error(`exit ${run.code}, expected ${code}\nfindings: ${findings(run.stdout)}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-3000)}`);
  };

  /** What a JSON report found, in short: the part of an unexpected exit the tail of stdout may not show. */
  const findings = (stdout: string): string => {
    try {
      const r = JSON.parse(stdout) as VerifyReport;
      return JSON.stringify({
        ok: r.ok,
        replay: r.replay.filter((p) => p.failure !== null || p.differences.length > 0),
        invariants: r.invariants.filter((i) => !i.holds),
        hashChain: r.hashChain.findings,
      }).slice(0, 2000);
    } catch {
      return 'no JSON report';
    }
  };

  /** The whole of stdout as one JSON document: nothing else may be printed there. */
  const report = (run: Run): VerifyReport => {
    try {
      return JSON.parse(run.stdout) as VerifyReport;
    } catch (error) {
      throw new Error(`stdout is not one JSON document (exit ${run.code}): ${(error as Error).message}\n${run.stdout.slice(0, 800)}\nstderr: ${run.stderr.slice(-800)}`, { cause: error });
    }
  };

  beforeAll(async () => {
    dataParent = mkdtempSync('/tmp/ledgerline-verify-');
    chmodSync(dataParent, 0o755); // as root, the postgres OS user must traverse it
    dataDir = path.join(dataParent, 'data');
    holder = startHolder(dataDir);
    await withDatabase(async (url) => {
      const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
      const app = await createApp(config, url, createLogger('silent'));
      await app.init();
      try {
        const http = () => request(app.getHttpServer());
        await http().post('/v1/products').send({ sku: 'CLI-1', name: 'Checked', kind: 'service', unitPrice: '10.00', taxRate: '0.20' }).expect(201);
        customerId = (await http().post('/v1/customers').send({ name: 'Audited' }).expect(201)).body.id;
        const order = (await http().post('/v1/orders').send({ customerId, lines: [{ sku: 'CLI-1', quantity: 3 }] }).expect(201)).body;
        await http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
        const invoice = (await http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 3 }] }).expect(201)).body;
        const paid = (await http().post('/v1/payments').send({ customerId, amount: '50.00', allocations: [{ invoiceId: invoice.id, amount: '30.00' }] }).expect(201)).body;
        // Every read model has applied the last write before the app stops.
        for (const read of ['/v1/stock', '/v1/orders', '/v1/journals', `/v1/receivables/customers/${customerId}`]) {
          await http().get(read).query({ after: paid.position }).expect(200);
        }
      } finally {
        await app.close();
      }
    });
  }, 120_000); // a fresh cluster (initdb) and the app's first start, on a machine others share
  afterAll(async () => {
    await holder.close();
    rmSync(dataParent, { recursive: true, force: true });
  });

  it('exits 0 on a clean log, with only the JSON report on stdout (`npm run -s cli -- verify --json`)', async () => {
    const run = await cli('npm', ['verify', '--json']);
    expectExit(run, 0);
    expect(report(run).ok).toBe(true);
    // The logs were written, to stderr: the embedded server's own and the CLI's.
    expect(run.stderr).toContain('embedded PostgreSQL is running');
    expect(run.stderr).toContain('"component":"embedded-postgres"');
  }, 90_000);

  it('exits 1 and names the table when one receivables row was changed, and repairs nothing', async () => {
    const tamper = `UPDATE receivables_g1.customer_balances SET unapplied_credit = unapplied_credit + 1 WHERE customer_id = $1`;
    await withDatabase((_url, pool) => pool.query(tamper, [customerId]));

    const run = await cli('node', ['verify']);
    expectExit(run, 1);
    expect(run.stdout).toMatch(/FAIL receivables/);
    expect(run.stdout).toMatch(/table customer_balances: 1 row\(s\) missing from live, 1 unexpected in live/);
    expect(run.stdout).toContain('NOT VERIFIED');

    await withDatabase(async (_url, pool) => {
      const { rows } = await pool.query(`SELECT unapplied_credit FROM receivables_g1.customer_balances WHERE customer_id = $1`, [customerId]);
      expect(rows).toEqual([{ unapplied_credit: '21.00' }]); // 50.00 paid, 30.00 allocated, plus the tampering
      await pool.query(`UPDATE receivables_g1.customer_balances SET unapplied_credit = unapplied_credit - 1 WHERE customer_id = $1`, [customerId]);
    });
  }, 90_000);

  it('exits 1 and names the event when a projection cannot apply one (its hash chain rewritten to match)', async () => {
    const stream = `customerAccount-${customerId}`;
    // The payment's amount doubled, so its allocations no longer add up; the stream's hashes are recomputed
    // from it on, so only the replay can tell.
    await withDatabase(async (_url, pool) => {
      const { rows } = await pool.query<{ version: string; type: string; data: JsonObject; metadata: EventMetadata }>(
        'SELECT version, type, data, metadata FROM es_events WHERE stream_id = $1 ORDER BY version',
        [stream],
      );
      expect(rows[0].type).toBe('PaymentReceived');
      rows[0].data = { ...rows[0].data, amount: '100.00' };
      let previous = GENESIS_HASH;
      for (const row of rows) {
        const hash = eventHash(previous, { streamId: stream, version: Number(row.version), type: row.type, data: row.data, metadata: row.metadata });
        await pool.query('UPDATE es_events SET data = $3, metadata = $4 WHERE stream_id = $1 AND version = $2', [stream, row.version, row.data, { ...row.metadata, hash }]);
        previous = hash;
      }
    });

    const run = await cli('node', ['verify', '--json']);
    expectExit(run, 1);
    const found = report(run);
    expect(found.ok).toBe(false);
    expect(found.hashChain.findings).toEqual([]);
    expect(found.replay.find((r) => r.projection === 'receivables')?.failure).toMatchObject({ streamId: stream, version: 0, type: 'PaymentReceived' });
  }, 90_000);
});
