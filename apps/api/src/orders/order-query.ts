import { Problem } from '../http/problem';

/** `?version=N` or `?asOf=<ISO instant>` (not both): which past state of the order to show. */
export function parseAsOf(query: { version?: string; asOf?: string }): { version?: number; asOf?: Date } {
  const { version, asOf } = query;
  if (version !== undefined && asOf !== undefined) {
    throw new Problem(400, 'VALIDATION_FAILED', 'Give either version or asOf, not both', [{ field: 'asOf', message: 'not with version' }]);
  }
  if (version !== undefined) {
    if (!/^\d{1,9}$/.test(version)) throw new Problem(400, 'VALIDATION_FAILED', 'version must be a whole number ≥ 0', [{ field: 'version', message: 'not a version' }]);
    return { version: Number(version) };
  }
  if (asOf !== undefined) {
    const instant = new Date(asOf);
    if (!/^\d{4}-\d{2}-\d{2}/.test(asOf) || Number.isNaN(instant.getTime())) {
      throw new Problem(400, 'VALIDATION_FAILED', 'asOf must be an ISO 8601 instant such as 2026-11-23T10:00:00Z', [{ field: 'asOf', message: 'not an instant' }]);
    }
    return { asOf: instant };
  }
  return {};
}
