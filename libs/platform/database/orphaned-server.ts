import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isAlive } from './process-alive';

/**
 * A PostgreSQL left running on our data folder: its parent (the app that started it) was killed with
 * SIGKILL or crashed, so nothing stopped it and its lock file blocks the next start. If its parent is gone
 * (Linux re-parents orphans, so /proc names another parent than the one that started it, usually 1) we
 * stop it; if an app still owns it, starting a second server on the same folder is refused plainly.
 */
export async function stopOrphanedServer(clusterDir: string, logger: Logger): Promise<void> {
  const pid = await postmasterPid(clusterDir);
  if (pid === undefined || !isAlive(pid)) return;
  const owner = await parentPid(pid);
  if (owner !== undefined && owner > 1 && isAlive(owner) && (await commandOf(owner)).includes('node')) {
    throw new Error(
      `DATA_DIR ${path.dirname(clusterDir)} is in use: its PostgreSQL (pid ${pid}) belongs to another running process (pid ${owner}). ` +
        'Stop that one first or give this one another DATA_DIR.',
    );
  }
  logger.warn({ pid }, 'stopping the embedded PostgreSQL a previous run left behind');
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, then exit
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`The PostgreSQL left behind on ${clusterDir} (pid ${pid}) did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The parent pid from /proc (Linux); undefined elsewhere. */
async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

async function commandOf(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
  } catch {
    return '';
  }
}
