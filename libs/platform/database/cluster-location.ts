import { chmod, lstat, mkdir, mkdtemp, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { OsUser, describeMode, firstClosedFolder } from './reachability';
import { ensureSystemFolder } from './system-folder';

/** Where the cluster of a data folder is: `link` is how we name it (`<DATA_DIR>/pg`), `dir` where the server finds it. */
export interface ClusterLocation {
  link: string;
  dir: string;
  relocated: boolean;
}

/**
 * The cluster lives in `<DATA_DIR>/pg`, except when we run as root and the server's OS user cannot reach
 * DATA_DIR (a checkout under /root, a `mktemp -d` folder): then a new cluster is made in a folder of its
 * own under `clustersRoot`, and `<DATA_DIR>/pg` is made a symlink to it, followed on every later start.
 * DATA_DIR's parents are never opened up: that would change who may enter the user's folders (ADR 0016).
 * A cluster already inside DATA_DIR is never moved: if the server cannot reach it, starting is refused
 * with what to do.
 */
export async function clusterLocation(dataDir: string, runAs: OsUser | undefined, clustersRoot: string, logger: Logger): Promise<ClusterLocation> {
  const link = path.join(dataDir, 'pg');
  const existing = await lstat(link).catch(() => undefined);
  if (existing?.isSymbolicLink()) return followed(link);
  // DATA_DIR itself is ours: the server's OS user is let through it to its cluster (the password file in
  // it stays ours alone, 0600). The folders above it are the user's.
  const closed = runAs && firstClosedFolder(path.dirname(dataDir), runAs);
  if (!runAs || !closed) {
    if (runAs) await chmod(dataDir, 0o755);
    return { link, dir: link, relocated: false };
  }
  if (existing) {
    throw new Error(
      `Running as root, PostgreSQL runs as the "${runAs.name}" OS user, which cannot enter ${closed.path} (${describeMode(closed)}) ` +
        `to reach the cluster in ${link}. Move the data folder out (mv ${dataDir} /var/lib/ledgerline, then DATA_DIR=/var/lib/ledgerline), ` +
        `or let it pass: chmod o+x ${closed.path}`,
    );
  }
  return relocate(link, dataDir, runAs, closed.path, clustersRoot, logger);
}

async function followed(link: string): Promise<ClusterLocation> {
  try {
    return { link, dir: await realpath(link), relocated: true };
  } catch (error) {
    throw new Error(`${link} points to ${await readlink(link)}, which is gone: the cluster of this data folder was deleted. Remove the link to start a new one.`, { cause: error });
  }
}

/**
 * A new folder under `clustersRoot` for the cluster, with a note naming the data folder it belongs to, and
 * the link to it. Never a name derived from DATA_DIR: a data folder deleted and made again at the same path
 * gets a new cluster (its password went with it), and the old one is left for its owner to delete.
 */
async function relocate(link: string, dataDir: string, runAs: OsUser, closedFolder: string, clustersRoot: string, logger: Logger): Promise<ClusterLocation> {
  await ensureSystemFolder(clustersRoot);
  const home = await mkdtemp(path.join(clustersRoot, 'cluster-'));
  await chmod(home, 0o755);
  await writeFile(path.join(home, 'data-dir'), `${path.resolve(dataDir)}\n`, { mode: 0o644 });
  const dir = path.join(home, 'pg');
  // Made now, so that the link never dangles, even for a process that finds it before initdb has run.
  await mkdir(dir, { mode: 0o700 });
  try {
    await symlink(dir, link);
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    // Another process starting on the same new data folder linked its own first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return followed(link);
    throw error;
  }
  logger.warn(
    { component: 'embedded-postgres', dataDir, closedFolder, cluster: dir },
    `the "${runAs.name}" OS user cannot enter ${closedFolder}, above DATA_DIR: the cluster is kept in ${dir}, linked from ${link}`,
  );
  return { link, dir, relocated: true };
}
