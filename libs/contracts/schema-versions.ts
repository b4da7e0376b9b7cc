/**
 * The current payload version of each event type (`metadata.schemaVersion`); 1 when not listed. A type whose
 * payload is removed, renamed or retyped, or whose optional field becomes required, goes up by one here and
 * gets an upcaster from the old version (upcasters.ts) and its old shape's schema (docs/events/README.md
 * "Evolving a type"). Added optional fields keep the version.
 */
export const SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  // v2: exchangeRate required (null until given).
  OrderDrafted: 2,
  // v2: exchangeRate, baseCurrency and baseTotals required.
  InvoiceIssued: 2,
  // v2: exchangeDifference required.
  CreditNotePosted: 2,
};

/** The version `eventType` is written at today. */
export function currentSchemaVersion(eventType: string): number {
  return Object.hasOwn(SCHEMA_VERSIONS, eventType) ? SCHEMA_VERSIONS[eventType] : 1;
}
