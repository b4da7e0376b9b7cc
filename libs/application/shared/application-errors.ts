/** The client's `If-Match` names a version the aggregate has moved past (412). */
export class PreconditionFailedError extends Error {
  readonly code = 'VERSION_MISMATCH';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The resource is at version ${actual}, not ${expected} as If-Match says`);
    this.name = 'PreconditionFailedError';
  }
}

/** Writers kept racing past the retry budget; safe to retry (409, code CONCURRENT_MODIFICATION). */
export class ConcurrencyExhaustedError extends Error {
  readonly code = 'CONCURRENT_MODIFICATION';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`${streamId} kept changing during ${attempts} attempts; retry the request`);
    this.name = 'ConcurrencyExhaustedError';
  }
}
