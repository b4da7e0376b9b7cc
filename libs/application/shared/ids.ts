import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout, SHA-1) from its parts. Used where a retried request must land on
 * the same aggregate: a create sent with an `Idempotency-Key` gets an id derived from the caller and
 * the key, so even a retry after a crash finds the first attempt's stream instead of making a second one.
 */
export function nameBasedUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
