import { Client } from 'pg';
import { socketFolder } from '@ledgerline/platform/database/embedded-postgres';

/**
 * The app reaches its embedded PostgreSQL through a Unix socket in the cluster folder (cheaper per query
 * than loopback TCP), and over TCP when the socket's path could not be bound.
 */
describe('the embedded PostgreSQL connection', () => {
  const startedHere = !process.env.DATABASE_URL;

  (startedHere ? it : it.skip)('goes through a Unix socket, with TCP on 127.0.0.1 still open to tools', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    expect(url.searchParams.get('host')).toMatch(/^\//);
    const overSocket = new Client({ connectionString: url.toString() });
    await overSocket.connect();
    try {
      // inet_server_addr() is null on a Unix-socket connection.
      const { rows } = await overSocket.query<{ address: string | null }>('SELECT inet_server_addr()::text AS address');
      expect(rows[0].address).toBeNull();
    } finally {
      await overSocket.end();
    }
    url.searchParams.delete('host');
    const overTcp = new Client({ connectionString: url.toString() });
    await overTcp.connect();
    try {
      const { rows } = await overTcp.query<{ address: string | null }>('SELECT inet_server_addr()::text AS address');
      expect(rows[0].address).toBe('127.0.0.1/32');
    } finally {
      await overTcp.end();
    }
  });

  it('falls back to TCP alone where the socket path would pass the kernel limit or break the setting', () => {
    expect(socketFolder('/tmp/ledgerline-data/pg', 5433)).toBe('/tmp/ledgerline-data/pg');
    expect(socketFolder(`/${'d'.repeat(91)}`, 65535)).toBe(`/${'d'.repeat(91)}`);
    expect(socketFolder(`/${'d'.repeat(92)}`, 65535)).toBeUndefined();
    expect(socketFolder('/tmp/say "hi"/pg', 5433)).toBeUndefined();
  });
});
