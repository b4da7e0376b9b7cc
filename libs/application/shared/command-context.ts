import { EventMetadata } from '../../event-store/port';

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
}

/** Event types whose payload shape changed get a higher version here and an upcaster (docs/events.md). */
const SCHEMA_VERSIONS: Record<string, number> = {};

export function eventMetadata(context: CommandContext, command: string, eventType: string): EventMetadata {
  return {
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    command,
    schemaVersion: SCHEMA_VERSIONS[eventType] ?? 1,
  };
}
