import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { nameBasedUuid } from '@ledgerline/application/shared/ids';
import { AuthenticatedRequest } from './auth';
import { Problem } from './problem';
import { requestHash } from './request-hash';
import { requestIdOf } from './request-id';

export interface HttpCommandContext extends CommandContext {
  idempotencyKey?: string;
}

/**
 * Builds the command's context from the request: actor from auth, correlation and causation ids, If-Match.
 * A POST with an Idempotency-Key gets a command id from the caller, the key and the request (ADR 0011): the
 * same on every retry of that request, another one for the same key with another body.
 */
export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): HttpCommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const requestId = requestIdOf(request);
  const idempotencyKey = request.header('idempotency-key');
  const actor = request.principal?.actor ?? 'anonymous';
  const retryable = idempotencyKey !== undefined && request.method === 'POST';
  return {
    actor,
    correlationId: request.header('x-correlation-id') ?? requestId,
    causationId: requestId,
    expectedVersion: parseIfMatch(request.header('if-match')),
    receivedAt: new Date(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(retryable ? { commandId: nameBasedUuid('command', actor, idempotencyKey, requestHash(request)) } : {}),
  };
});

/** `If-Match: "3"` (or W/"3", or 3); `*` means any version. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(-?\d+)"?\s*$/.exec(header);
  if (!match) throw new Problem(400, 'INVALID_IF_MATCH', 'If-Match must be a version as sent in ETag, e.g. "3"', [{ field: 'If-Match', message: 'not a version' }]);
  return Number(match[1]);
}
