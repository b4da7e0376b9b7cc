import { EventMetadata, JsonObject, NewEvent } from '../../event-store/port';
import { currentSchemaVersion } from '../../contracts/schema-versions';
import { nameBasedUuid } from './ids';

/** Who sends a command and why: becomes the metadata of every event it appends (architecture.md step 4). */
export interface CommandContext {
  /** The caller, e.g. `apikey:3f2a…` or `dev-admin`; never the key itself. */
  actor: string;
  correlationId: string;
  /** What caused this command: the HTTP request's id, or the event a process manager reacted to. */
  causationId: string;
  /** The client's `If-Match` version: a conflict is then the client's 412, not an internal retry. */
  expectedVersion?: number;
  /** The instant the command was received: deciders read time from the command, never the clock. */
  receivedAt: Date;
  /**
   * Set when the caller may send this very command again (a POST with an Idempotency-Key): it is recorded
   * on every event the command appends, so a retry finds them and answers from them instead of deciding
   * again (docs/adr/0011-idempotent-retries-after-a-crash.md).
   */
  commandId?: string;
}

/** The UTC calendar day the command was received: the default date of the documents it creates. */
export const receivedDay = (context: Pick<CommandContext, 'receivedAt'>): string => context.receivedAt.toISOString().slice(0, 10);

export function eventMetadata(context: CommandContext, command: string, eventType: string): EventMetadata {
  return {
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    command,
    schemaVersion: currentSchemaVersion(eventType),
    ...(context.commandId ? { commandId: context.commandId } : {}),
  };
}

/**
 * The events a command appends to one stream, with their metadata. A retryable command's event ids derive
 * from its id and the stream, so an append the store receives twice (EventStoreDB) is recorded once. A
 * command appends to a stream once, so the position in the batch completes the id.
 */
export function newEvents(context: CommandContext, command: string, streamId: string, events: readonly { type: string; data: unknown }[]): NewEvent[] {
  return events.map((event, index) => ({
    ...(context.commandId ? { id: nameBasedUuid('event', context.commandId, streamId, String(index)) } : {}),
    type: event.type,
    data: event.data as JsonObject,
    metadata: eventMetadata(context, command, event.type),
  }));
}
