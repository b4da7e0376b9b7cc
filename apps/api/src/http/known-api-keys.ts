import type { Provider } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { apiKeyActor } from '@ledgerline/platform/auth/api-key-actor';
import type { Permission, Role } from '@ledgerline/platform/auth/api-keys';
import { loadInstallationSecret } from '@ledgerline/platform/auth/installation-secret';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { APP_CONFIG, PG_POOL } from '@ledgerline/application/shared/tokens';

export interface Principal {
  /** Stable and safe to log: `apikey:<label>` or the role and a keyed hash of the key, never the key. */
  actor: string;
  role: Role;
  /** admin holds every permission. */
  permissions: readonly Permission[];
}

/** The keys of API_KEYS, each with the principal it stands for. */
export class KnownApiKeys {
  private constructor(private readonly keys: readonly { digest: Buffer; principal: Principal }[]) {}

  /** The installation secret is read only when there are keys to name. */
  static async load(config: AppConfig, pool: Pool): Promise<KnownApiKeys> {
    if (config.apiKeys.length === 0) return new KnownApiKeys([]);
    const secret = await loadInstallationSecret(pool, 'api-key-actor');
    return new KnownApiKeys(
      config.apiKeys.map((apiKey) => ({
        digest: digest(apiKey.key),
        principal: { actor: apiKeyActor(apiKey, secret), role: apiKey.role, permissions: apiKey.permissions },
      })),
    );
  }

  get empty(): boolean {
    return this.keys.length === 0;
  }

  /**
   * Compares fixed-length digests in constant time and looks at every key, so that neither the key nor
   * which entry matched can be learnt from response timing.
   */
  find(presented: string): Principal | undefined {
    const candidate = digest(presented);
    let found: Principal | undefined;
    for (const known of this.keys) {
      if (timingSafeEqual(known.digest, candidate)) found ??= known.principal;
    }
    return found;
  }
}

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

export const knownApiKeysProvider: Provider = {
  provide: KnownApiKeys,
  inject: [APP_CONFIG, PG_POOL],
  useFactory: (config: AppConfig, pool: Pool) => KnownApiKeys.load(config, pool),
};
