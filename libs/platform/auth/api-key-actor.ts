import { createHmac } from 'node:crypto';
import type { ApiKey } from './api-keys';

/** Hex digits of the keyed hash kept in the actor: enough to tell a handful of keys apart. */
const HASH_DIGITS = 16;

/**
 * Who an API key is on events and in logs: `apikey:<label>` for a labelled key, else
 * `apikey:<role>:<HMAC-SHA256(installation secret, key), first 16 hex>`. The hash is keyed: a plain hash of
 * a weak key could be reversed offline by anyone who reads the log.
 */
export function apiKeyActor(apiKey: ApiKey, secret: Buffer): string {
  if (apiKey.label !== undefined) return `apikey:${apiKey.label}`;
  const hash = createHmac('sha256', secret).update(apiKey.key).digest('hex').slice(0, HASH_DIGITS);
  return `apikey:${apiKey.role}:${hash}`;
}
