import Ajv from 'ajv';
import { UpcastSetup, upcast } from '@ledgerline/contracts/upcasters';
import { CustomerEvent, customerDecider } from '@ledgerline/domain/customer/customer';
import { fold } from '@ledgerline/domain/shared/decider';
import { StoredEvent } from '@ledgerline/event-store/port';
import { DEFAULT_INPUTS, EventSchema, generateEventSchemas } from '../../apps/cli/src/schemas/event-schemas';
import { customerCreatedV1ToV2 } from './legacy/customer-created-v1';

/**
 * An evolution end to end, on a made-up history: `CustomerCreated` once had a v1 shape (legacy/
 * customer-created-v1.ts) and today's is its v2. The old event in the log is read through the upcaster
 * and decided on as today's shape; both versions' schemas are published from their TypeScript types.
 */
const setup: UpcastSetup = { upcasters: { CustomerCreated: { 1: customerCreatedV1ToV2 } }, versions: { CustomerCreated: 2 } };

const storedV1: StoredEvent = {
  id: '7c0c3a52-0d8e-4d7e-9a55-1f1f5d0f2a01',
  streamId: 'customer-c-1',
  version: 0,
  position: '000000000000000001',
  type: 'CustomerCreated',
  data: {
    customerId: 'c-1',
    name: 'Acme',
    currency: 'EUR',
    creditLimit: 5000.5,
    paymentTermsDays: 30,
    invoicePolicy: 'ordered',
    email: null,
    address: { line1: 'Hauptstraße 1', city: 'Berlin', country: 'DE' },
  },
  metadata: { actor: 'dev-admin', correlationId: 'r-1', causationId: 'r-1', command: 'CreateCustomer', schemaVersion: 1 },
  occurredAt: '2025-01-02T03:04:05.000Z',
};

describe('reading an old event shape (CustomerCreated v1 → v2, made up)', () => {
  let schemas: EventSchema[];
  const ajv = new Ajv({ strict: true, allErrors: true });
  const schemaOf = (version: number) => schemas.find((s) => s.type === 'CustomerCreated' && s.version === version)!.schema;

  beforeAll(() => {
    schemas = generateEventSchemas({
      ...DEFAULT_INPUTS,
      versions: { CustomerCreated: 2 },
      legacy: [{ type: 'CustomerCreated', version: 1, file: 'test/contracts/legacy/customer-created-v1.ts', typeName: 'CustomerCreatedV1' }],
    });
  });

  it('publishes both versions, each from its TypeScript type', () => {
    const published = schemas.filter((s) => s.type === 'CustomerCreated').map(({ version, current, file }) => ({ version, current, file }));
    expect(published).toEqual([
      { version: 1, current: false, file: 'CustomerCreated.v1.schema.json' },
      { version: 2, current: true, file: 'CustomerCreated.v2.schema.json' },
    ]);
    expect(schemaOf(1).properties).toHaveProperty('address');
    expect(schemaOf(2).properties).toHaveProperty('billingAddress');
  });

  it('upcasts the stored v1 payload to the current shape, leaving the stored event as it was', () => {
    const before = structuredClone(storedV1);
    const read = upcast(storedV1, setup);

    expect(read.data).toEqual({
      customerId: 'c-1',
      name: 'Acme',
      currency: 'EUR',
      creditLimit: '5000.50',
      paymentTermsDays: 30,
      invoicePolicy: 'ordered',
      email: null,
      billingAddress: { line1: 'Hauptstraße 1', city: 'Berlin', country: 'DE' },
      shippingAddress: { line1: 'Hauptstraße 1', city: 'Berlin', country: 'DE' },
    });
    expect(read.metadata.schemaVersion).toBe(2);
    expect({ ...read, data: storedV1.data, metadata: storedV1.metadata }).toEqual(storedV1);
    expect(storedV1).toEqual(before);
  });

  it('the old payload is valid against v1 only, the upcast one against v2', () => {
    const v1 = ajv.compile(schemaOf(1));
    const v2 = ajv.compile(schemaOf(2));
    const read = upcast(storedV1, setup);
    expect([v1(storedV1.data), v2(storedV1.data)]).toEqual([true, false]);
    expect([v1(read.data), v2(read.data)]).toEqual([false, true]);
  });

  it('the decider folds the old event as if it had been written today', () => {
    const history = [storedV1, { ...storedV1, id: 'e-2', version: 1, type: 'CustomerBlocked', data: { customerId: 'c-1', reason: null } }];
    const state = fold(
      customerDecider,
      history.map((event) => upcast(event, setup) as unknown as CustomerEvent),
    );
    expect(state).toMatchObject({ status: 'blocked', creditLimit: '5000.50', shippingAddress: { city: 'Berlin' } });
  });

  it('an event without a recorded schemaVersion is read as v1', () => {
    const { schemaVersion: _none, ...metadata } = storedV1.metadata;
    const legacy = { ...storedV1, metadata } as unknown as StoredEvent;
    expect(upcast(legacy, setup).data.creditLimit).toBe('5000.50');
  });
});
