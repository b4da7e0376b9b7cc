import { ChildProcess, SpawnOptions, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { PostgresBinaries } from './postgres-binaries';
import type { OsUser } from './reachability';

/** One cluster's server programs: which binaries, on which cluster folder, as which OS user (root: never us). */
export interface ClusterRun {
  binaries: PostgresBinaries;
  /** The folder the server opens: a real path the OS user can reach, not a link through a folder it cannot. */
  clusterDir: string;
  runAs?: OsUser;
  /** Each line the programs print. */
  log: (line: string) => void;
}

export interface RunningServer {
  pid: number;
  /** Resolves once the server accepts connections; rejects if it exits or cannot be run first. */
  ready: Promise<void>;
  /** Fast shutdown (SIGINT: open transactions roll back). The signal goes out before the first await. */
  stop(): Promise<void>;
}

/** How we know the server is up: its own line, in English whatever the system locale (lc_messages C). */
const READY = 'database system is ready to accept connections';

/** initdb: a new cluster whose superuser `postgres` signs in with `password`. */
export async function initCluster(run: ClusterRun, password: string): Promise<void> {
  await mkdir(run.clusterDir, { recursive: true, mode: 0o700 });
  // The password goes to initdb in a file only the server's OS user can read, beside the cluster.
  const passwordFile = path.join(path.dirname(run.clusterDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (run.runAs) {
      await chown(run.clusterDir, run.runAs.uid, run.runAs.gid);
      await chown(passwordFile, run.runAs.uid, run.runAs.gid);
    }
    const args = [`--pgdata=${run.clusterDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C'];
    const child = launch(run, run.binaries.initdb, args);
    const output = linesOf(child, run.log);
    const [code, signal] = await exitOf(child, run.binaries.initdb, run.runAs);
    if (code !== 0) throw new Error(`initdb failed (${signal ?? `exit code ${code}`}): ${output.recent()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Starts the server on the cluster; `ready` says when it accepts connections. */
export function launchServer(run: ClusterRun, port: number, flags: readonly string[]): RunningServer {
  const child = launch(run, run.binaries.postgres, ['-D', run.clusterDir, '-p', String(port), '-c', 'lc_messages=C', ...flags]);
  const output = linesOf(child, run.log);
  const accepting = new Promise<void>((resolve) => output.onLine((line) => line.includes(READY) && resolve()));
  const exited = exitOf(child, run.binaries.postgres, run.runAs).then(([code, signal]) => {
    throw new Error(`the server exited (${signal ?? `exit code ${code}`}) before it was ready: ${output.recent()}`);
  });
  exited.catch(() => undefined); // once ready, its exit (when stopped) is no error
  return {
    pid: child.pid as number,
    ready: Promise.race([accepting, exited]),
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
      const stopped = once(child, 'exit').then(() => undefined);
      child.kill('SIGINT');
      return stopped;
    },
  };
}

function launch(run: ClusterRun, binary: string, args: string[]): ChildProcess {
  const options: SpawnOptions = {
    // A working folder the OS user can enter: ours may be one only root can (a checkout under /root).
    cwd: path.dirname(run.clusterDir),
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(run.runAs && { uid: run.runAs.uid, gid: run.runAs.gid }),
  };
  return spawn(binary, args, options);
}

/**
 * The program's end, once its output is read to the last line ('close', not 'exit'), or the reason it
 * could not be started (not found, not executable by the OS user).
 */
function exitOf(child: ChildProcess, binary: string, runAs: OsUser | undefined): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`could not run ${binary}${runAs ? ` as the "${runAs.name}" OS user` : ''}: ${error.message}`, { cause: error })));
    child.once('close', (code, signal) => resolve([code, signal]));
  });
}

/** Every line of stdout and stderr to `log`; the last few kept for an error message. */
function linesOf(child: ChildProcess, log: (line: string) => void) {
  const recent: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      log(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
      for (const listener of listeners) listener(line);
    });
  }
  return {
    onLine: (listener: (line: string) => void) => listeners.push(listener),
    recent: () => (recent.length > 0 ? recent.join('\n') : '(no output)'),
  };
}
