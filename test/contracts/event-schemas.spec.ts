import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SCHEMA_VERSIONS } from '@ledgerline/contracts/schema-versions';
import { DEFAULT_INPUTS, generateEventSchemas } from '../../apps/cli/src/schemas/event-schemas';
import { DOCS_EVENTS_DIR, driftedEventFiles, expectedEventFiles } from '../../apps/cli/src/schemas/docs-events';
import { EVENT_SOURCES } from '../../apps/cli/src/schemas/event-sources';
import { decidedEvents } from './decided-events';

/**
 * The published event contracts (docs/events/) are the TypeScript event types, as generated now; and what
 * the real deciders write is valid against them.
 */
interface IndexEntry {
  type: string;
  version: number;
  current: boolean;
  schema: string;
}

const index = (): IndexEntry[] => JSON.parse(readFileSync(path.join(DOCS_EVENTS_DIR, 'index.json'), 'utf8')).events;

describe('published event schemas (docs/events/)', () => {
  it('are what the event types generate now', () => {
    const drifted = driftedEventFiles(DOCS_EVENTS_DIR, expectedEventFiles());
    if (drifted.length > 0) throw new Error(`docs/events/ differs from the event types in ${drifted.join(', ')}: run npm run events:schemas`);
  });

  it('cover every event union of the domain', () => {
    const declared = domainFiles(path.join(DEFAULT_INPUTS.root, 'libs/domain')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^export type (\w+Event) =/gm)].map((m) => m[1]));
    expect(EVENT_SOURCES.map((source) => source.union).sort()).toEqual([...new Set(declared)].sort());
  });

  it('know every type SCHEMA_VERSIONS lists, at that version', () => {
    const current = new Map(index().filter((e) => e.current).map((e) => [e.type, e.version]));
    for (const [type, version] of Object.entries(SCHEMA_VERSIONS)) expect([type, current.get(type)]).toEqual([type, version]);
  });

  it('refuse to drop an old version: a type above version 1 needs its old payload type', () => {
    expect(() => generateEventSchemas({ ...DEFAULT_INPUTS, versions: { ...DEFAULT_INPUTS.versions, CustomerCreated: 2 } })).toThrow(/CustomerCreated is at schema version 2: list its v1 payload type in LEGACY_EVENT_SHAPES/);
  });

  describe('validate what the real deciders decide', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validators = new Map<string, ValidateFunction>();
    beforeAll(() => {
      for (const entry of index().filter((e) => e.current)) {
        validators.set(entry.type, ajv.compile(JSON.parse(readFileSync(path.join(DOCS_EVENTS_DIR, entry.schema), 'utf8'))));
      }
    });

    it('every decided event is valid against its type’s current schema', () => {
      const invalid = decidedEvents().flatMap((event) => {
        const validate = validators.get(event.type);
        if (!validate) return [`${event.type}: no schema`];
        return validate(event.data) ? [] : [`${event.type}: ${ajv.errorsText(validate.errors)}`];
      });
      expect(invalid).toEqual([]);
    });

    it('the sample holds every event type', () => {
      const seen = new Set(decidedEvents().map((event) => event.type));
      expect([...validators.keys()].filter((type) => !seen.has(type))).toEqual([]);
    });

    it('a payload that breaks the contract is refused', () => {
      const confirmed = decidedEvents().find((event) => event.type === 'OrderConfirmed')!;
      const validate = validators.get('OrderConfirmed')!;
      const data = confirmed.data as Record<string, unknown>;
      expect(validate({ ...data, totals: { net: 200, tax: 40, gross: 240 } })).toBe(false);
      expect(validate({ ...data, unknownField: 1 })).toBe(false);
      const { reservations: _dropped, ...withoutReservations } = data;
      expect(validate(withoutReservations)).toBe(false);
    });
  });
});

function domainFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}
