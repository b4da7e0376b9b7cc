/**
 * An HTTP-level refusal with its stable code (api.md "Errors"): 401, 403, 404 of an unknown route, 412, 422
 * and malformed requests. Domain refusals are DomainErrors; the filter maps both.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors?: { field: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}
