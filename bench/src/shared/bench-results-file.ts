import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MachineInfo } from './machine-info';

/**
 * Writes `<name>-<ISO timestamp>.json` (colons as dashes, so the name is valid on every file system) and
 * overwrites `<name>-latest.json`. Returns the timestamped file's path.
 */
export async function writeBenchResults(directory: string, name: string, results: { startedAt: string }): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = results.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const file = path.join(directory, `${name}-${stamp}.json`);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(path.join(directory, `${name}-latest.json`), json);
  return file;
}

/** The line above a bench's tables: where it ran, and a warning when the figures are not durable ones. */
export function benchTitle(machine: MachineInfo, load = machine.loadAverage.join(' ')): string {
  const pg = machine.postgres;
  return (
    `PostgreSQL ${pg.version} (${pg.server}), ${machine.cpus} CPUs (load ${load} at start), Node ${machine.node}, ` +
    `fsync=${pg.settings.fsync} synchronous_commit=${pg.settings.synchronous_commit}` +
    (pg.durable ? '' : '  ** NOT DURABLE: figures are not comparable **')
  );
}
