import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The request's id (the causation id of its events, the `x-request-id` it is answered with, the id its log
 * line carries), made the first time anyone asks: the request logger, the request-id middleware or a
 * command's context, whichever sees the request first.
 */
export function requestIdOf(request: IncomingMessage & { requestId?: string }): string {
  request.requestId ??= randomUUID();
  return request.requestId;
}
