import { chmod, lstat, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

/**
 * A folder of ours outside the checkout (the binaries cache, relocated clusters), made if missing:
 * mode 0755, so the postgres user can pass through it. What the server runs and keeps there must be
 * ours alone to change, so a folder someone else owns, or others may write to, is refused rather than
 * used (in a shared /tmp anyone could have made it first).
 */
export async function ensureSystemFolder(folder: string): Promise<void> {
  const made = await mkdir(folder, { recursive: true, mode: 0o755 }).catch((error: Error) => {
    throw new Error(`${folder} could not be made (${error.message}): as root, it holds what the postgres OS user must reach`, { cause: error });
  });
  // mkdir's mode is masked by the umask (often 077 for root): set it on each folder it made.
  if (made !== undefined) {
    const first = path.resolve(made);
    for (let current = path.resolve(folder); current.startsWith(first); current = path.dirname(current)) await chmod(current, 0o755);
  }
  const stats = await lstat(folder);
  const uid = userInfo().uid;
  if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o022) !== 0) {
    throw new Error(
      `${folder} must be a folder owned by uid ${uid} that only its owner can write to ` +
        `(it is ${stats.isDirectory() ? 'a folder' : 'not a folder'} owned by uid ${stats.uid}, mode ${(stats.mode & 0o7777).toString(8)}). ` +
        'Remove it, or fix its owner and mode, and start again.',
    );
  }
}
