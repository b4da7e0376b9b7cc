/**
 * A business rule refused a command. `code` is stable and part of the API (api.md); `details` carries what
 * the caller needs to see why (e.g. a credit-limit breakdown).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The command names an aggregate that does not exist. */
export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'NotFoundError';
  }
}
