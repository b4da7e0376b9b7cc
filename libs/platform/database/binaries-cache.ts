import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { chmod, cp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './process-alive';
import { ensureSystemFolder } from './system-folder';

/**
 * A copy of the PostgreSQL binaries folder (bin, lib, share) in `cacheRoot`, for a postgres user that
 * cannot reach the installed one. It is named by the package version and a hash of the content, so another
 * version, or the same version with other bytes, never runs from a copy made for the first. The copy is
 * made aside and renamed into place: a folder by that name is whole, and processes starting together
 * each either make it or use the one that won. Folders 0755, executables 0755, other files 0644.
 */
export async function cachedBinaries(nativeDir: string, version: string, cacheRoot: string): Promise<string> {
  const hash = contentHash(nativeDir);
  const name = `postgres-${version.replace(/[^\w.-]/g, '_')}-${hash.slice(0, 16)}`;
  const target = path.join(cacheRoot, name);
  await ensureSystemFolder(cacheRoot);
  if (existsSync(target)) return target;
  await removeAbandonedCopies(cacheRoot, name);
  const staging = path.join(cacheRoot, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await openToAll(staging);
    // The source could have changed while it was copied (a reinstall): what gets the name is what it names.
    if (contentHash(staging) !== hash) throw new Error(`The PostgreSQL binaries in ${nativeDir} changed while they were copied to ${cacheRoot}; start again`);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process renamed its copy into place first: rename onto a folder that has files fails.
    if (existsSync(target) && ['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return target;
    throw error;
  }
  return target;
}

/**
 * Paths, kinds, executable bits, symlink targets and file bytes of everything under `dir`, in one
 * SHA-256. Synchronous: read in one go, the 60 MB of binaries hash in about a tenth of a second, at start.
 */
function contentHash(dir: string): string {
  const hash = createHash('sha256');
  for (const entry of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const file = path.join(dir, entry);
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) hash.update(`link\0${entry}\0${readlinkSync(file)}\0`);
    else if (stats.isDirectory()) hash.update(`dir\0${entry}\0`);
    else {
      hash.update(`file\0${entry}\0${(stats.mode & 0o111) !== 0 ? 'x' : '-'}\0${stats.size}\0`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** Readable by everyone, executables runnable by everyone, writable by us only; symlinks as they are. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) continue;
    await chmod(file, stats.isDirectory() || (stats.mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

/** Half-made copies of `name` whose process is gone (killed while copying): 60 MB each, never used. */
async function removeAbandonedCopies(cacheRoot: string, name: string): Promise<void> {
  for (const entry of await readdir(cacheRoot)) {
    const pid = entry.startsWith(`.${name}.`) ? Number(entry.slice(name.length + 2).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && !isAlive(pid)) await rm(path.join(cacheRoot, entry), { recursive: true, force: true });
  }
}
