import type { JsonObject, StoredEvent } from '../event-store/port';
import { creditNotePostedFromV1 } from '../domain/customer-account/legacy-events';
import { invoiceIssuedFromV1, orderDraftedFromV1 } from '../domain/sales-order/legacy-events';
import { SCHEMA_VERSIONS } from './schema-versions';

/**
 * Upcasting (docs/events/README.md "Evolving a type"): the log is never rewritten, so an event keeps the
 * payload shape it was written with (`metadata.schemaVersion`). Whoever reads events to decide or to
 * project passes each one through `upcast` first and only ever sees the current shape.
 */

/** Turns the payload of version n into the payload of version n + 1. Pure: no clock, no store, no lookups. */
export type Upcaster = (data: JsonObject, event: Readonly<StoredEvent>) => JsonObject;

/** Event type → version it upcasts from → the step to the next version. */
export type UpcasterRegistry = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

/** What `upcast` reads: the steps, and the version each type is written at today (schema-versions.ts). */
export interface UpcastSetup {
  upcasters: UpcasterRegistry;
  versions: Readonly<Record<string, number>>;
}

/** A step written over the payload types of both versions (the old one kept in the domain's legacy-events.ts). */
const step =
  <Old, New>(read: (data: Old) => New): Upcaster =>
  (data) =>
    read(data as unknown as Old) as unknown as JsonObject;

/**
 * The project's upcasters, one per type SCHEMA_VERSIONS raises. Each version-1 type here gained fields
 * that older version-1 events lack and readers need: version 2 has them required, and the step from 1
 * fills in what an event lacks (an older version-1 event) and keeps what it has (a later one), so one
 * step reads both (docs/adr/0017-upcasting-older-event-shapes.md).
 */
export const UPCASTERS: UpcasterRegistry = {
  OrderDrafted: { 1: step(orderDraftedFromV1) },
  InvoiceIssued: { 1: step(invoiceIssuedFromV1) },
  CreditNotePosted: { 1: step(creditNotePostedFromV1) },
};

const CURRENT: UpcastSetup = { upcasters: UPCASTERS, versions: SCHEMA_VERSIONS };

/** An event this code cannot bring to the current shape: a step is missing, or it is newer than the code. */
export class UpcastError extends Error {
  constructor(
    readonly event: Pick<StoredEvent, 'id' | 'type' | 'streamId'>,
    message: string,
  ) {
    super(`${event.type} ${event.id} (${event.streamId}): ${message}`);
    this.name = 'UpcastError';
  }
}

/** The payload version an event was written with; events written before versions were recorded are 1. */
export function storedSchemaVersion(event: Pick<StoredEvent, 'metadata'>): number {
  const version: unknown = event.metadata?.schemaVersion;
  return Number.isInteger(version) && (version as number) >= 1 ? (version as number) : 1;
}

/**
 * The event with its payload at the type's current version, one step at a time (v1 → v2 → v3). An event
 * already current comes back as it is (same object); otherwise a copy with the new data and
 * `metadata.schemaVersion`, the stored event untouched. The rest of the metadata is copied as stored: a
 * check of what the store recorded (e.g. a hash over data and metadata) reads stored events, not these.
 */
export function upcast(event: StoredEvent, setup: UpcastSetup = CURRENT): StoredEvent {
  const target = versionOf(setup.versions, event.type);
  let version = storedSchemaVersion(event);
  if (version === target) return event;
  if (version > target) throw new UpcastError(event, `written at schema version ${version}, but this code knows ${target} at most`);
  let data = event.data;
  for (; version < target; version++) {
    const step = stepOf(setup.upcasters, event.type, version);
    if (!step) throw new UpcastError(event, `no upcaster from schema version ${version} to ${version + 1}`);
    data = step(data, event);
  }
  return { ...event, data, metadata: { ...event.metadata, schemaVersion: target } };
}

/**
 * Steps a complete setup lacks, as `Type vN→vN+1`: every type above version 1 needs one from each older
 * version. Empty when every old shape can be read (the contract test holds the project's setup to it).
 */
export function missingUpcasters(setup: UpcastSetup = CURRENT): string[] {
  const missing: string[] = [];
  for (const [type, target] of Object.entries(setup.versions)) {
    for (let version = 1; version < target; version++) {
      if (!stepOf(setup.upcasters, type, version)) missing.push(`${type} v${version}→v${version + 1}`);
    }
  }
  return missing;
}

/** Steps that can never run because they start at or past the type's current version. */
export function strayUpcasters(setup: UpcastSetup = CURRENT): string[] {
  return Object.entries(setup.upcasters).flatMap(([type, steps]) =>
    Object.keys(steps)
      .map(Number)
      .filter((from) => !(Number.isInteger(from) && from >= 1 && from < versionOf(setup.versions, type)))
      .map((from) => `${type} v${from}→v${from + 1}`),
  );
}

const versionOf = (versions: UpcastSetup['versions'], type: string): number => (Object.hasOwn(versions, type) ? versions[type] : 1);

const stepOf = (upcasters: UpcasterRegistry, type: string, version: number): Upcaster | undefined =>
  Object.hasOwn(upcasters, type) && Object.hasOwn(upcasters[type], version) ? upcasters[type][version] : undefined;
