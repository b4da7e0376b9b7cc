import { JsonObject, StoredEvent } from '../event-store/port';
import { SCHEMA_VERSIONS } from './schema-versions';
import { UPCASTERS, UpcastError, UpcastSetup, missingUpcasters, storedSchemaVersion, strayUpcasters, upcast } from './upcasters';

/** The mechanics of upcast(), on a made-up `ThingHappened` whose payload changed twice. */
const event = (data: JsonObject, schemaVersion?: number): StoredEvent => ({
  id: 'e-1',
  streamId: 'thing-1',
  version: 0,
  position: '1',
  type: 'ThingHappened',
  data,
  metadata: { actor: 'dev-admin', correlationId: 'c', causationId: 'c', command: 'DoThing', ...(schemaVersion === undefined ? {} : { schemaVersion }) } as StoredEvent['metadata'],
  occurredAt: '2026-01-01T00:00:00.000Z',
});

/** v1 `{ amount: number }` → v2 `{ amount: string }` → v3 `{ total: { amount } }`. */
const setup: UpcastSetup = {
  versions: { ThingHappened: 3 },
  upcasters: {
    ThingHappened: {
      1: (data) => ({ ...data, amount: String(data.amount) }),
      2: ({ amount, ...rest }) => ({ ...rest, total: { amount: amount ?? null } }),
    },
  },
};

describe('upcast', () => {
  it('runs every step from the stored version to the current one', () => {
    const read = upcast(event({ id: 't-1', amount: 12.5 }, 1), setup);
    expect(read.data).toEqual({ id: 't-1', total: { amount: '12.5' } });
    expect(read.metadata.schemaVersion).toBe(3);
    expect(upcast(event({ id: 't-1', amount: '7' }, 2), setup).data).toEqual({ id: 't-1', total: { amount: '7' } });
  });

  it('returns a current event as it is', () => {
    const current = event({ total: { amount: '1' } }, 3);
    expect(upcast(current, setup)).toBe(current);
  });

  it('reads a missing or malformed schemaVersion as 1', () => {
    expect(storedSchemaVersion(event({}))).toBe(1);
    expect(storedSchemaVersion({ metadata: { schemaVersion: '2' } } as unknown as StoredEvent)).toBe(1);
    expect(upcast(event({ amount: 3 }), setup).data).toEqual({ total: { amount: '3' } });
  });

  it('leaves types without a version or upcasters alone', () => {
    const other = { ...event({ a: 1 }, 1), type: 'OtherThing' };
    expect(upcast(other, setup)).toBe(other);
  });

  it('refuses an event with a missing step, or newer than the code', () => {
    const gap: UpcastSetup = { versions: { ThingHappened: 3 }, upcasters: { ThingHappened: { 1: setup.upcasters.ThingHappened[1] } } };
    expect(() => upcast(event({ amount: 1 }, 1), gap)).toThrow(new UpcastError(event({}), 'no upcaster from schema version 2 to 3'));
    expect(() => upcast(event({}, 4), setup)).toThrow(/written at schema version 4, but this code knows 3 at most/);
  });

  it('finds missing and stray steps', () => {
    expect(missingUpcasters(setup)).toEqual([]);
    expect(missingUpcasters({ versions: { ThingHappened: 3, Other: 2 }, upcasters: { ThingHappened: { 2: setup.upcasters.ThingHappened[2] } } })).toEqual([
      'ThingHappened v1→v2',
      'Other v1→v2',
    ]);
    expect(strayUpcasters({ versions: { ThingHappened: 2 }, upcasters: setup.upcasters })).toEqual(['ThingHappened v2→v3']);
  });
});

describe("the project's upcasters", () => {
  it('can read every older version of every type SCHEMA_VERSIONS puts above 1', () => {
    expect(missingUpcasters({ upcasters: UPCASTERS, versions: SCHEMA_VERSIONS })).toEqual([]);
  });

  it('hold no step that can never run', () => {
    expect(strayUpcasters({ upcasters: UPCASTERS, versions: SCHEMA_VERSIONS })).toEqual([]);
  });

  it('have versions that are whole numbers from 1 up', () => {
    for (const [type, version] of Object.entries(SCHEMA_VERSIONS)) expect([type, Number.isInteger(version) && version >= 1]).toEqual([type, true]);
  });
});
