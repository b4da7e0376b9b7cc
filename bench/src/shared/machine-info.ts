import os from 'node:os';
import { Client } from 'pg';

/**
 * Settings that decide whether a commit waits for the disk. The bench never changes them; it records
 * them so a figure from a server with fsync off is recognisable as such.
 */
const DURABILITY_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay'] as const;
/** Settings that shape the other figures. */
const OTHER_SETTINGS = ['shared_buffers', 'max_connections', 'wal_level'] as const;

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  /** 1, 5 and 15 minute load averages at the start: a busy machine (other jobs) skews every figure. */
  loadAverage: number[];
  node: string;
  postgres: {
    version: string;
    /** 'embedded' (DATA_DIR) or 'external' (DATABASE_URL). */
    server: 'embedded' | 'external';
    /** fsync on and synchronous_commit not off: every acknowledged append is on disk. */
    durable: boolean;
    settings: Record<string, string>;
  };
}

export async function describeMachine(databaseUrl: string, server: 'embedded' | 'external'): Promise<MachineInfo> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // current_setting() gives the form a person writes (128MB), not pg_settings' raw units.
    const { rows } = await client.query<{ name: string; setting: string }>(
      'SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
      [['server_version', ...DURABILITY_SETTINGS, ...OTHER_SETTINGS]],
    );
    const settings = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    const { server_version: version = 'unknown', ...rest } = settings;
    const cpus = os.cpus();
    return {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      node: process.version,
      postgres: {
        version,
        server,
        durable: rest.fsync === 'on' && rest.synchronous_commit !== 'off',
        settings: rest,
      },
    };
  } finally {
    await client.end();
  }
}
