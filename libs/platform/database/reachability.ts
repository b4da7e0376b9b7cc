import { Stats, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** An unprivileged OS user by its ids: the one the server runs as when we are root. */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** What stops a user, and its mode, for a message that says what to change. */
export interface Blocked {
  path: string;
  mode: number;
}

const READ = 4;
const EXECUTE = 1;

/**
 * The rwx bits of `stats` that apply to `user`: the owner's, else the group's, else everyone's, the first
 * class the user falls in, as the kernel picks. Only the primary group counts: a process Node starts with
 * another uid has its supplementary groups dropped. ACLs are not read: a folder opened to the user by an
 * ACL alone counts as closed, which costs a copy or a relocation, never a failed start.
 */
function bitsFor(stats: Stats, user: OsUser): number {
  if (stats.uid === user.uid) return (stats.mode >> 6) & 7;
  if (stats.gid === user.gid) return (stats.mode >> 3) & 7;
  return stats.mode & 7;
}

const modeOf = (stats: Stats) => stats.mode & 0o7777;

/** Every folder from / down to `target`, itself included. */
function foldersTo(target: string): string[] {
  const folders: string[] = [];
  for (let folder = target; ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (folder === path.dirname(folder)) return folders;
  }
}

/**
 * The first folder on the way to `target` (itself included) that `user` may not pass through, or
 * undefined. Both the path as given and the path its symlinks lead to are walked: the kernel checks each.
 */
export function firstClosedFolder(target: string, user: OsUser): Blocked | undefined {
  const given = path.resolve(target);
  const folders = new Set([...foldersTo(given), ...foldersTo(realpathSync(given))]);
  for (const folder of folders) {
    const stats = statSync(folder);
    if ((bitsFor(stats, user) & EXECUTE) === 0) return { path: folder, mode: modeOf(stats) };
  }
  return undefined;
}

/**
 * The first thing `user` could not use running programs from `dir` (binaries, their libraries and
 * data): a folder on the way it cannot pass, a folder inside it cannot list and enter, a file it cannot
 * read, an executable it cannot run. Undefined when nothing stops it. Synchronous: it runs once at start,
 * before anything else waits on the event loop, and a thousand stat calls take milliseconds.
 */
export function firstUnusableEntry(dir: string, user: OsUser): Blocked | undefined {
  const closed = firstClosedFolder(dir, user);
  if (closed) return closed;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, entry);
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) continue; // its target is an entry of its own
    const needed = stats.isDirectory() || (stats.mode & 0o100) !== 0 ? READ | EXECUTE : READ;
    if ((bitsFor(stats, user) & needed) !== needed) return { path: file, mode: modeOf(stats) };
  }
  return undefined;
}

/** "mode 700" for a message. */
export const describeMode = (blocked: Blocked) => `mode ${blocked.mode.toString(8)}`;
