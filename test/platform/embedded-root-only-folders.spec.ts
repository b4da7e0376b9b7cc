import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { cachedBinaries } from '@ledgerline/platform/database/binaries-cache';
import { startEmbeddedPostgres } from '@ledgerline/platform/database/embedded-postgres';
import { packagedBinaries } from '@ledgerline/platform/database/postgres-binaries';
import { firstClosedFolder, firstUnusableEntry } from '@ledgerline/platform/database/reachability';

/**
 * Running as root from folders only root can enter (a checkout in `mktemp -d`, or under /root): PostgreSQL
 * runs as the postgres OS user, which can reach neither the binaries nor the data folder there (ADR 0016).
 */
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new folder only its owner can enter (what `mktemp -d` makes). */
function closedFolder(label: string): string {
  const dir = mkdtempSync(path.join('/tmp', `ledgerline-${label}-`));
  made.push(dir);
  return dir;
}

/** A new folder everyone can pass through, like the system folders the app uses by default. */
function openFolder(label: string): string {
  const dir = closedFolder(label);
  chmodSync(dir, 0o755);
  return dir;
}

const stranger = { name: 'stranger', uid: 64_999, gid: 64_999 };

describe('what an OS user can reach', () => {
  it('names the first folder on the way it cannot pass, and the file inside it cannot use', () => {
    const top = openFolder('reach');
    mkdirSync(path.join(top, 'open/closed/deeper'), { recursive: true });
    chmodSync(path.join(top, 'open'), 0o755);
    chmodSync(path.join(top, 'open/closed'), 0o750);
    expect(firstClosedFolder(path.join(top, 'open/closed/deeper'), stranger)).toEqual({ path: path.join(top, 'open/closed'), mode: 0o750 });
    expect(firstClosedFolder(path.join(top, 'open'), stranger)).toBeUndefined();

    // Through a symlink the folders on the way to its target count too.
    symlinkSync(path.join(top, 'open/closed/deeper'), path.join(top, 'open/shortcut'));
    expect(firstClosedFolder(path.join(top, 'open/shortcut'), stranger)).toEqual({ path: path.join(top, 'open/closed'), mode: 0o750 });

    const tree = path.join(top, 'open/tree');
    mkdirSync(path.join(tree, 'bin'), { recursive: true, mode: 0o755 });
    chmodSync(tree, 0o755);
    chmodSync(path.join(tree, 'bin'), 0o755);
    writeFileSync(path.join(tree, 'bin/tool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(tree, 'readme'), 'hello', { mode: 0o644 });
    expect(firstUnusableEntry(tree, stranger)).toBeUndefined();
    chmodSync(path.join(tree, 'bin/tool'), 0o744); // readable, not runnable by others
    expect(firstUnusableEntry(tree, stranger)).toEqual({ path: path.join(tree, 'bin/tool'), mode: 0o744 });
    chmodSync(path.join(tree, 'bin/tool'), 0o755);
    chmodSync(path.join(tree, 'readme'), 0o600);
    expect(firstUnusableEntry(tree, stranger)).toEqual({ path: path.join(tree, 'readme'), mode: 0o600 });
  });
});

describe('the binaries cache', () => {
  /** A small stand-in for the package's native folder: an executable, a library and its symlink, all closed to others. */
  function nativeFolder(): string {
    const native = path.join(closedFolder('native'), 'native');
    mkdirSync(path.join(native, 'bin'), { recursive: true, mode: 0o700 });
    mkdirSync(path.join(native, 'lib'), { mode: 0o700 });
    writeFileSync(path.join(native, 'bin/postgres'), '#!/bin/sh\necho 1\n', { mode: 0o700 });
    writeFileSync(path.join(native, 'lib/libpq.so.5.18'), 'library', { mode: 0o600 });
    symlinkSync('libpq.so.5.18', path.join(native, 'lib/libpq.so.5'));
    return native;
  }

  it('makes one copy open to everyone, also when processes ask at once, and reuses it', async () => {
    const native = nativeFolder();
    const cache = openFolder('cache');
    const [first, second] = await Promise.all([cachedBinaries(native, '18.4.0', cache), cachedBinaries(native, '18.4.0', cache)]);
    expect(second).toBe(first);
    expect(path.basename(first)).toMatch(/^postgres-18\.4\.0-[0-9a-f]{16}$/);
    // Only the finished copy is left: the one that lost the race removed its own.
    expect(readdirSync(cache)).toEqual([path.basename(first)]);
    const mode = (file: string) => lstatSync(path.join(first, file)).mode & 0o777;
    expect([mode('.'), mode('bin'), mode('bin/postgres'), mode('lib'), mode('lib/libpq.so.5.18')]).toEqual([0o755, 0o755, 0o755, 0o755, 0o644]);
    expect(readlinkSync(path.join(first, 'lib/libpq.so.5'))).toBe('libpq.so.5.18');
    expect(firstUnusableEntry(first, stranger)).toBeUndefined();
    expect(await cachedBinaries(native, '18.4.0', cache)).toBe(first);
  });

  it('never serves a copy to another version or other bytes', async () => {
    const native = nativeFolder();
    const cache = closedFolder('cache');
    const original = await cachedBinaries(native, '18.4.0', cache);
    expect(await cachedBinaries(native, '18.5.0', cache)).not.toBe(original);
    writeFileSync(path.join(native, 'lib/libpq.so.5.18'), 'patched');
    const patched = await cachedBinaries(native, '18.4.0', cache);
    expect(patched).not.toBe(original);
    expect(readFileSync(path.join(patched, 'lib/libpq.so.5.18'), 'utf8')).toBe('patched');
    expect(readFileSync(path.join(original, 'lib/libpq.so.5.18'), 'utf8')).toBe('library');
  });

  it('refuses a cache folder others may write to', async () => {
    const cache = openFolder('cache');
    chmodSync(cache, 0o777);
    await expect(cachedBinaries(nativeFolder(), '18.4.0', cache)).rejects.toThrow(/only its owner can write to .*mode 777/);
  });
});

// Only root starts the server as another OS user; as anyone else the server runs as the caller, who can
// reach its own folders, and there is nothing to prove.
const asRoot = process.getuid?.() === 0;
(asRoot ? describe : describe.skip)('as root, from folders only root can enter (skipped unless run as root)', () => {
  /** The installed binaries package as it is, but seen through a folder only root can enter. */
  function installedInClosedFolder() {
    const installed = packagedBinaries();
    const checkout = closedFolder('checkout');
    symlinkSync(path.dirname(installed.nativeDir), path.join(checkout, 'binaries-package'));
    return { nativeDir: path.join(checkout, 'binaries-package', 'native'), version: installed.version };
  }

  // One cache for both cases: copying the 60 MB of binaries once is enough to prove it.
  let binariesCache: string;
  beforeAll(() => (binariesCache = path.join(openFolder('system'), 'cache')));

  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('runs a copy of the binaries and keeps a new cluster where the postgres user can reach it, linked from DATA_DIR', async () => {
    const places = { installed: installedInClosedFolder(), binariesCache, relocatedClusters: path.join(openFolder('clusters'), 'clusters') };
    const dataDir = path.join(closedFolder('home'), 'data');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });

    const first = await startEmbeddedPostgres({ dataDir, logger, places });
    let clusterDir: string;
    try {
      [{ dir: clusterDir }] = await query(first.url, "SELECT current_setting('data_directory') AS dir");
      // The server runs the copy, on a cluster outside DATA_DIR that DATA_DIR/pg links to.
      const serverPid = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0];
      expect(realpathSync(`/proc/${serverPid}/exe`).startsWith(places.binariesCache + path.sep)).toBe(true);
      expect(clusterDir.startsWith(places.relocatedClusters + path.sep)).toBe(true);
      expect(lstatSync(path.join(dataDir, 'pg')).isSymbolicLink()).toBe(true);
      expect(realpathSync(path.join(dataDir, 'pg'))).toBe(clusterDir);
      expect(readFileSync(path.join(path.dirname(clusterDir), 'data-dir'), 'utf8')).toBe(`${dataDir}\n`);
      // Said at start: where the copy runs from, and where the cluster is kept.
      expect(lines.join('')).toContain('cannot reach the installed PostgreSQL binaries; running a copy');
      expect(lines.join('')).toContain(`the cluster is kept in ${clusterDir}, linked from ${path.join(dataDir, 'pg')}`);
      // The folders above DATA_DIR are left as they were.
      expect(lstatSync(path.dirname(dataDir)).mode & 0o777).toBe(0o700);
      await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, logger, places });
    try {
      expect(await query(second.url, "SELECT current_setting('data_directory') AS dir, (SELECT id FROM kept) AS id")).toEqual([{ dir: clusterDir, id: 7 }]);
    } finally {
      await second.stop();
    }
    expect(readdirSync(places.relocatedClusters)).toHaveLength(1);
    expect(readdirSync(places.binariesCache)).toHaveLength(1);
  }, 120_000);

  it('refuses, with what to do, a cluster already inside a data folder the postgres user cannot reach', async () => {
    const relocatedClusters = path.join(openFolder('clusters'), 'clusters');
    const home = closedFolder('home');
    mkdirSync(path.join(home, 'data/pg'), { recursive: true });
    const start = startEmbeddedPostgres({ dataDir: path.join(home, 'data'), logger: pino({ level: 'silent' }), places: { binariesCache, relocatedClusters } });
    await expect(start).rejects.toThrow(`cannot enter ${home} (mode 700) to reach the cluster in ${path.join(home, 'data/pg')}`);
    await expect(start).rejects.toThrow(`chmod o+x ${home}`);
    expect(existsSync(relocatedClusters)).toBe(false);
  });
});
