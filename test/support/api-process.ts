import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@ledgerline/platform/database/free-port';
import { ROOT, tsChildArgs } from './ts-child';

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the signal (or exit code) the process ended with. */
  exited: Promise<NodeJS.Signals | number | null>;
  output(): string;
  /** The responses api-child.ts printed before it killed itself, by Idempotency-Key. */
  firstResponses(): Record<string, { status: number; body: unknown }>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

/** An api process with its code loaded, not started yet. */
export interface StandbyApi {
  /** Starts the app; resolves once it answers /health. */
  start(): Promise<ApiProcess>;
  kill(): Promise<void>;
}

/**
 * The api as its own process (test/support/api-child.ts) on `databaseUrl`, loaded and waiting to start.
 * `env` adds variables (CRASH_MARKER, CRASH_AFTER…). Development mode: every caller is `dev-admin`.
 */
export async function standbyApi(databaseUrl: string, env: Record<string, string> = {}): Promise<StandbyApi> {
  const port = await freePort();
  const child = spawn(process.execPath, tsChildArgs('test/support/api-child.ts'), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', API_KEYS: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const until = async (ready: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 120_000; // ts-node on a busy machine
    while (!(await ready())) {
      if (gone()) throw new Error(`api exited ${what} (${child.exitCode ?? child.signalCode}):\n${output}`);
      if (Date.now() > deadline) {
        await kill();
        throw new Error(`api not ${what} in time:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await until(async () => output.includes('standby\n'), 'before standing by');
  const url = `http://127.0.0.1:${port}`;
  const firstResponses = () =>
    Object.fromEntries(
      output
        .split('\n')
        .filter((line) => line.startsWith('{"firstResponse"'))
        .map((line) => (JSON.parse(line) as { firstResponse: { key: string; status: number; body: unknown } }).firstResponse)
        .map(({ key, status, body }) => [key, { status, body }]),
    );
  return {
    kill,
    start: async () => {
      child.stdin?.write('start\n');
      await until(() => fetch(`${url}/health`).then((r) => r.ok, () => false), 'healthy');
      return { url, child, exited, output: () => output, firstResponses, kill };
    },
  };
}

/** The api as its own process, started. */
export async function startApiProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  return (await standbyApi(databaseUrl, env)).start();
}
