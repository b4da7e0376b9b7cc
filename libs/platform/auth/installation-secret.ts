import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { SqlMigration, runSqlMigrations } from '../database/sql-migrations';

/**
 * A random secret made once per installation and kept in its PostgreSQL, so that the api, the projector
 * and the cli on one database share it and it outlives restarts. It keys the hash that names an unlabelled
 * API key on events (api-key-actor.ts): without it a recorded actor says nothing about the key, however
 * weak the key. It is never logged and never written to the event log.
 */
const migrations: readonly SqlMigration[] = [
  {
    id: '0001-installation-secrets',
    sql: `CREATE TABLE installation_secrets (
            name text PRIMARY KEY,
            secret bytea NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
          )`,
  },
];

export type SecretName = 'api-key-actor';

const SECRET_BYTES = 32;

export async function loadInstallationSecret(pool: Pool, name: SecretName): Promise<Buffer> {
  await runSqlMigrations(pool, 'installation_secrets_schema_migrations', migrations);
  // Two processes starting at once on a new database: the first insert wins, both read the same secret.
  await pool.query('INSERT INTO installation_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(SECRET_BYTES)]);
  const { rows } = await pool.query<{ secret: Buffer }>('SELECT secret FROM installation_secrets WHERE name = $1', [name]);
  return rows[0].secret;
}
