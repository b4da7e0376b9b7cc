import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SCHEMA_VERSIONS } from '@ledgerline/contracts/schema-versions';
import { upcast } from '@ledgerline/contracts/upcasters';
import { JsonObject, StoredEvent } from '@ledgerline/event-store/port';
import { DOCS_EVENTS_DIR } from '../../apps/cli/src/schemas/docs-events';
import { decidedEvents } from './decided-events';

/**
 * The project's upcasters on the two kinds of version-1 event the log holds for each type SCHEMA_VERSIONS
 * raises: one written before the type gained its fields (today's decided event with them taken away) and
 * one written after (today's decided event as it is). Both are valid version-1 payloads; upcast, both are
 * valid version-2 payloads: the older one with the reading its legacy type documents, the later one
 * unchanged.
 */
const LACKING: Record<string, { fields: string[]; read: (older: JsonObject) => JsonObject }> = {
  OrderDrafted: { fields: ['exchangeRate'], read: () => ({ exchangeRate: null }) },
  InvoiceIssued: {
    fields: ['exchangeRate', 'baseCurrency', 'baseTotals'],
    read: (older) => ({ exchangeRate: '1', baseCurrency: older.currency, baseTotals: older.totals }),
  },
  CreditNotePosted: { fields: ['exchangeDifference'], read: () => ({ exchangeDifference: '0.00' }) },
};

/** Optional fields added at version 2, after version 1 was closed: no version-1 event has them. */
const ADDED_AT_V2: Record<string, string[]> = { OrderDrafted: ['billingAddress', 'channel'] };

const ajv = new Ajv({ strict: true, allErrors: true });
const validators = new Map<string, ValidateFunction>();
const validate = (type: string, version: number, data: unknown): string | true => {
  const file = `${type}.v${version}.schema.json`;
  let check = validators.get(file);
  if (!check) {
    check = ajv.compile(JSON.parse(readFileSync(path.join(DOCS_EVENTS_DIR, file), 'utf8')));
    validators.set(file, check);
  }
  return check(data) ? true : ajv.errorsText(check.errors);
};

const stored = (type: string, data: JsonObject, schemaVersion: number): StoredEvent => ({
  id: '3e0c9f1c-5a63-4c1e-9d38-0f6f3b1d2a10',
  streamId: 's-1',
  version: 0,
  position: '000000000000000001',
  type,
  data,
  metadata: { actor: 'dev-admin', correlationId: 'r-1', causationId: 'r-1', command: 'T', schemaVersion },
  occurredAt: '2026-01-02T03:04:05.000Z',
});

/** A version-1 payload as today's decider writes it: today's event without the fields version 1 never had. */
const decided = (type: string): JsonObject => {
  const found = decidedEvents().find((event) => event.type === type);
  if (!found) throw new Error(`no decided ${type} in the sample`);
  return without(found.data as JsonObject, ADDED_AT_V2[type] ?? []);
};

const without = (data: JsonObject, fields: readonly string[]): JsonObject => Object.fromEntries(Object.entries(data).filter(([key]) => !fields.includes(key)));

describe("the project's upcasters, on the version-1 events the log holds", () => {
  it('cover every type SCHEMA_VERSIONS raises', () => {
    expect(Object.keys(LACKING).sort()).toEqual(Object.keys(SCHEMA_VERSIONS).sort());
    expect(Object.values(SCHEMA_VERSIONS)).toEqual(Object.keys(SCHEMA_VERSIONS).map(() => 2));
  });

  describe.each(Object.entries(LACKING))('%s', (type, { fields, read }) => {
    it('reads one written before the fields existed with them filled in, valid at version 2', () => {
      const older = without(decided(type), fields);
      expect(validate(type, 1, older)).toBe(true);
      expect(validate(type, 2, older)).not.toBe(true);
      const event = stored(type, older, 1);
      const before = structuredClone(event);

      const read1 = upcast(event);
      expect(read1.data).toEqual({ ...older, ...read(older) });
      expect(read1.metadata.schemaVersion).toBe(2);
      expect(validate(type, 2, read1.data)).toBe(true);
      expect(event).toEqual(before);
    });

    it('reads one written after with what it carries, unchanged', () => {
      const later = decided(type);
      expect(validate(type, 1, later)).toBe(true);
      expect(upcast(stored(type, later, 1)).data).toEqual(later);
    });

    it('leaves one written at version 2 as it is', () => {
      const current = stored(type, decided(type), 2);
      expect(upcast(current)).toBe(current);
    });
  });

  it('reads a credit note without its exchange difference as zero in the minor unit of its base currency', () => {
    const older = without({ ...decided('CreditNotePosted'), baseCurrency: 'KWD' }, ['exchangeDifference']);
    expect(upcast(stored('CreditNotePosted', older, 1)).data.exchangeDifference).toBe('0.000');
  });
});
