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

/**
 * Input that is well-formed but invalid in the aggregate's context (an amount with more decimals than the
 * customer's currency has): a 400 with the field named, like any other validation failure.
 */
export class InvalidInputError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('VALIDATION_FAILED', message);
    this.name = 'InvalidInputError';
  }
}
