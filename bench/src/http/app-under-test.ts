import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@ledgerline/platform/database/free-port';
import type { ProjectionsMode } from './http-bench-options';
import { StartCommand, startCommand } from './start-command';

/** Output lines kept for the error message of an app that failed. */
const OUTPUT_LINES = 40;
/** ts-node transpiles the whole app at start, and initdb runs first: slow on a busy machine. */
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

export interface AppUnderTest {
  baseUrl: string;
  /** The app's process: the start script's program, run without npm. */
  pid: number;
  /** The embedded PostgreSQL's postmaster (postmaster.pid in the data folder). */
  postmasterPid: number;
  /** A superuser connection to the embedded server's `postgres` database, for its statistics. */
  serverUrl: string;
  start: StartCommand;
  /** Seconds from spawn to /health answering 200. */
  bootSeconds: number;
  /** The app's last output lines (it logs each request at the default level). */
  recentOutput(): string;
  /** False once the app's process has ended. */
  running(): boolean;
  /** Settles when the app's process ends, however. */
  ended: Promise<void>;
  /** SIGINT (as Ctrl-C), wait for the app's ordered shutdown, then remove the data folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The app as a user runs it: the checkout's `start` script (ts-node on apps/api/src/main.ts), in the
 * checkout, with a fresh temporary DATA_DIR (so initdb makes a new embedded PostgreSQL, durable, default
 * settings), a free PORT, no API_KEYS and no HOST (development mode: loopback only, every caller admin,
 * ADR 0010) and the given PROJECTIONS. The rest of the environment passes through (LOG_LEVEL…), except
 * what would point it elsewhere (DATABASE_URL, EMBEDDED_PG_PORT, EVENT_STORE).
 */
export async function startApp(appRoot: string, projections: ProjectionsMode, signal: AbortSignal): Promise<AppUnderTest> {
  const start = startCommand(appRoot);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ledgerline-bench-http-'));
  // mkdtemp makes it 0700: as root the server runs as the postgres user, which must enter it, or the app
  // would keep the cluster elsewhere (ADR 0016). Open to traversal, the cluster lives inside, as with ./data.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), PROJECTIONS: projections, API_KEYS: '' };
  for (const name of ['DATABASE_URL', 'EMBEDDED_PG_PORT', 'EVENT_STORE', 'EVENTSTORE_URL', 'HOST', 'NODE_ENV']) delete env[name];
  const startedAt = performance.now();
  const child = spawn(start.command, start.args, { cwd: start.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > OUTPUT_LINES * 4) output.splice(0, output.length - OUTPUT_LINES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const recentOutput = () => output.slice(-OUTPUT_LINES).join('\n');
  const baseUrl = `http://127.0.0.1:${port}`;

  // However the bench ends without stop() (an uncaught error, process.exit), the app must not outlive it:
  // SIGINT makes it stop its PostgreSQL too. Only the data folder is then left in the temp folder.
  const stopWithTheBench = () => void child.kill('SIGINT');
  process.once('exit', stopWithTheBench);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    process.off('exit', stopWithTheBench);
    return (stopping ??= stopApp(child, exited, dataDir));
  };
  try {
    await untilHealthy(baseUrl, child, recentOutput, signal);
    const server = embeddedServer(dataDir);
    const running = () => child.exitCode === null && child.signalCode === null;
    return { baseUrl, pid: child.pid as number, ...server, start, bootSeconds: (performance.now() - startedAt) / 1000, recentOutput, running, ended: exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function untilHealthy(baseUrl: string, child: ChildProcess, recentOutput: () => string, signal: AbortSignal): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited during start (${child.exitCode ?? child.signalCode}):\n${recentOutput()}`);
    if (signal.aborted) throw new Error('interrupted while the app was starting');
    if (performance.now() > deadline) throw new Error(`the app did not answer /health within ${START_TIMEOUT_MS / 1000} s:\n${recentOutput()}`);
    const healthy = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await sleep(100);
  }
}

/**
 * Where the app's embedded PostgreSQL listens and who it is: postmaster.pid (pid on line 1, port on line 4)
 * in the cluster folder (`<DATA_DIR>/pg`, searched for if a version keeps it elsewhere), and the superuser
 * password the app made beside it (`<DATA_DIR>/postgres-password`).
 */
function embeddedServer(dataDir: string): { postmasterPid: number; serverUrl: string } {
  const pidFile = findFile(dataDir, 'postmaster.pid', 3);
  const passwordFile = findFile(dataDir, 'postgres-password', 2);
  if (!pidFile || !passwordFile) throw new Error(`no embedded PostgreSQL found in ${dataDir} (postmaster.pid, postgres-password): did the app start one?`);
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  const password = readFileSync(passwordFile, 'utf8').trim();
  return { postmasterPid: Number(pid), serverUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/postgres` };
}

function findFile(dir: string, name: string, depth: number): string | undefined {
  if (existsSync(path.join(dir, name))) return path.join(dir, name);
  if (depth === 0) return undefined;
  for (const entry of readdirSync(dir)) {
    // stat, not the entry's type: `<DATA_DIR>/pg` may be a link to a cluster kept elsewhere.
    const child = path.join(dir, entry);
    if (!statSync(child, { throwIfNoEntry: false })?.isDirectory()) continue;
    const found = findFile(child, name, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The app's own shutdown (SIGINT: close HTTP, pools, then the embedded server), waited for; if it hangs,
 * SIGKILL, and the server it leaves behind is stopped by hand. Then the data folder goes.
 */
async function stopApp(child: ChildProcess, exited: Promise<void>, dataDir: string): Promise<void> {
  const running = child.exitCode === null && child.signalCode === null;
  if (running) {
    child.kill('SIGINT');
    // An unref'd timer: once the app has exited, the wait must not keep the bench alive.
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false, { ref: false })]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await stopLeftoverServer(dataDir);
  const cluster = linkedCluster(dataDir);
  if (cluster) await rm(cluster, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}

/**
 * The cluster `<DATA_DIR>/pg` links to, if the app kept it elsewhere (ADR 0016: as root, when the postgres
 * user cannot enter the data folder). The data folder was new, so that cluster was made for this run.
 */
function linkedCluster(dataDir: string): string | undefined {
  const link = path.join(dataDir, 'pg');
  try {
    return lstatSync(link).isSymbolicLink() ? realpathSync(link) : undefined;
  } catch {
    return undefined;
  }
}

/** A server still running on the data folder (its app was killed): a fast shutdown, as pg_ctl -m fast does. */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = findFile(dataDir, 'postmaster.pid', 3);
  if (!pidFile) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!isRunning(pid) || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < STOP_TIMEOUT_MS && isRunning(pid); waited += 100) await sleep(100);
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** The checkout's commit, marked `+changes` when its working tree differs from it (null: not a git checkout). */
export function checkoutCommit(appRoot: string): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: appRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: appRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return null;
  }
}
