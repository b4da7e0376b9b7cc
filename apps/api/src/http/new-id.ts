import { randomUUID } from 'node:crypto';
import { nameBasedUuid } from '@ledgerline/application/shared/ids';
import { HttpCommandContext } from './command-context.decorator';

/**
 * The id of a resource a POST creates. With an Idempotency-Key it is derived from caller and key, so a retry
 * that outlives a crash of the first attempt still lands on the same stream (docs/adr/0004).
 */
export function newResourceId(kind: string, context: HttpCommandContext): string {
  return context.idempotencyKey ? nameBasedUuid(kind, context.actor, context.idempotencyKey) : randomUUID();
}
