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

/** The UTC calendar day the command was received: the default date of the documents it creates. */
export const receivedDay = (context: Pick<CommandContext, 'receivedAt'>): string => context.receivedAt.toISOString().slice(0, 10);

/**
 * The current payload version of each event type (`metadata.schemaVersion`); 1 when not listed. A type whose
 * payload is removed, renamed or retyped goes up by one here and gets an upcaster from the old version
 * (upcasters.ts) and its old shape's schema (docs/events/README.md "Evolving a type"). Added optional fields
 * keep the version.
 */
export const SCHEMA_VERSIONS: Readonly<Record<string, number>> = {};

/** The version `eventType` is written at today. */
export function currentSchemaVersion(eventType: string): number {
  return Object.hasOwn(SCHEMA_VERSIONS, eventType) ? SCHEMA_VERSIONS[eventType] : 1;
}

export function eventMetadata(context: CommandContext, command: string, eventType: string): EventMetadata {
  return {
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    command,
    schemaVersion: currentSchemaVersion(eventType),
  };
}
