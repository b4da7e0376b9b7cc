import { createHash } from 'node:crypto';
import type { Request } from 'express';

const hashes = new WeakMap<object, string>();

/**
 * What makes two requests the same request for an Idempotency-Key: method, path and body (any key order).
 * Computed once per request: the idempotency claim and the command id both need it, and a body may be 1 MB.
 */
export function requestHash(request: Pick<Request, 'method' | 'path' | 'body'>): string {
  let hash = hashes.get(request);
  if (hash === undefined) {
    hash = createHash('sha256').update(`${request.method} ${request.path}\n${stableJson(request.body)}`).digest('hex');
    hashes.set(request, hash);
  }
  return hash;
}

/** JSON with sorted keys: the same body in another key order is the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
