import { deciderSpec } from '../shared/decider-spec';
import { CustomerEvent, CustomerProfile, customerDecider } from './customer';

const spec = deciderSpec(customerDecider);
const id = 'c-1';
const profile: CustomerProfile = {
  name: 'Acme',
  currency: 'EUR',
  creditLimit: '5000.00',
  paymentTermsDays: 30,
  invoicePolicy: 'ordered',
  email: null,
  billingAddress: null,
  shippingAddress: null,
  salespersonId: null,
};
const created: CustomerEvent = { type: 'CustomerCreated', data: { customerId: id, ...profile } };

describe('customer decider', () => {
  it('creates a customer, with the credit limit in canonical form', () => {
    spec
      .given([])
      .when({ type: 'CreateCustomer', data: { customerId: id, ...profile, creditLimit: '5000' } })
      .then([created]);
  });

  it('refuses to create a customer twice', () => {
    spec.given([created]).when({ type: 'CreateCustomer', data: { customerId: id, ...profile } }).thenRefuses('CUSTOMER_EXISTS');
  });

  it('records only the fields that change', () => {
    spec
      .given([created])
      .when({ type: 'UpdateCustomer', data: { customerId: id, changes: { name: 'Acme', paymentTermsDays: 45 } } })
      .then([{ type: 'CustomerUpdated', data: { customerId: id, changes: { paymentTermsDays: 45 } } }]);
  });

  it('writes nothing when an update changes nothing', () => {
    spec.given([created]).when({ type: 'UpdateCustomer', data: { customerId: id, changes: { name: 'Acme' } } }).then([]);
  });

  it('removes the credit limit with null (unlimited)', () => {
    spec
      .given([created])
      .when({ type: 'UpdateCustomer', data: { customerId: id, changes: { creditLimit: null } } })
      .then([{ type: 'CustomerUpdated', data: { customerId: id, changes: { creditLimit: null } } }]);
  });

  it('refuses to update a customer that does not exist', () => {
    spec.given([]).when({ type: 'UpdateCustomer', data: { customerId: id, changes: { name: 'X' } } }).thenRefuses('CUSTOMER_NOT_FOUND');
  });

  it('blocks and unblocks; repeating either writes nothing', () => {
    const blocked: CustomerEvent = { type: 'CustomerBlocked', data: { customerId: id, reason: 'unpaid' } };
    const update = (blocked: boolean, blockReason?: string) =>
      ({ type: 'UpdateCustomer', data: { customerId: id, changes: {}, blocked, blockReason } }) as const;
    spec.given([created]).when(update(true, 'unpaid')).then([blocked]);
    spec.given([created, blocked]).when(update(true)).then([]);
    spec.given([created, blocked]).when(update(false)).then([{ type: 'CustomerUnblocked', data: { customerId: id } }]);
    spec.given([created]).when(update(false)).then([]);
  });

  it('changes fields and blocks in one decision', () => {
    spec
      .given([created])
      .when({ type: 'UpdateCustomer', data: { customerId: id, changes: { email: 'ap@acme.test' }, blocked: true } })
      .then([
        { type: 'CustomerUpdated', data: { customerId: id, changes: { email: 'ap@acme.test' } } },
        { type: 'CustomerBlocked', data: { customerId: id, reason: null } },
      ]);
  });

  it('refuses a credit limit with more decimals than the currency has', () => {
    spec
      .given([])
      .when({ type: 'CreateCustomer', data: { customerId: id, ...profile, currency: 'JPY', creditLimit: '100.50' } })
      .thenRefuses('VALIDATION_FAILED');
    spec
      .given([created])
      .when({ type: 'UpdateCustomer', data: { customerId: id, changes: { currency: 'JPY' } } })
      .thenRefuses('VALIDATION_FAILED');
  });

  it('folds history into the current profile and status', () => {
    const state = [
      created,
      { type: 'CustomerUpdated', data: { customerId: id, changes: { name: 'Acme Ltd' } } } as CustomerEvent,
      { type: 'CustomerBlocked', data: { customerId: id, reason: null } } as CustomerEvent,
    ].reduce(customerDecider.evolve, customerDecider.initialState);
    expect(state).toMatchObject({ status: 'blocked', name: 'Acme Ltd', creditLimit: '5000.00' });
  });
});

describe('customer contacts and account manager', () => {
  const jana = { contactId: 'k-1', name: 'Jana Nováková', email: 'jana@acme.example', phone: '+420 601 123 456', role: 'billing' as const };
  const added: CustomerEvent = { type: 'CustomerContactAdded', data: { customerId: id, contact: jana } };
  const fold = (events: CustomerEvent[]) => events.reduce(customerDecider.evolve, customerDecider.initialState);

  it('adds a contact, and writes nothing when the same contact is added again', () => {
    spec.given([created]).when({ type: 'AddContact', data: { customerId: id, contact: jana } }).then([added]);
    spec.given([created, added]).when({ type: 'AddContact', data: { customerId: id, contact: jana } }).then([]);
  });

  it('removes a contact it has, and refuses one it does not', () => {
    spec.given([created, added]).when({ type: 'RemoveContact', data: { customerId: id, contactId: 'k-1' } }).then([{ type: 'CustomerContactRemoved', data: { customerId: id, contactId: 'k-1' } }]);
    spec.given([created]).when({ type: 'RemoveContact', data: { customerId: id, contactId: 'k-1' } }).thenRefuses('CONTACT_NOT_FOUND');
    spec.given([]).when({ type: 'AddContact', data: { customerId: id, contact: jana } }).thenRefuses('CUSTOMER_NOT_FOUND');
  });

  it('refuses a contact past the most a customer may have', () => {
    const many: CustomerEvent[] = Array.from({ length: 100 }, (_, i) => ({ type: 'CustomerContactAdded', data: { customerId: id, contact: { ...jana, contactId: `k-${i + 10}` } } }));
    spec.given([created, ...many]).when({ type: 'AddContact', data: { customerId: id, contact: jana } }).thenRefuses('TOO_MANY_CONTACTS', { max: 100 });
  });

  it('keeps contacts in the order they were added, and the account manager as changed', () => {
    const state = fold([
      created,
      added,
      { type: 'CustomerContactAdded', data: { customerId: id, contact: { ...jana, contactId: 'k-2', role: 'shipping' } } },
      { type: 'CustomerContactRemoved', data: { customerId: id, contactId: 'k-1' } },
      { type: 'CustomerUpdated', data: { customerId: id, changes: { salespersonId: 's-1' } } },
    ]);
    expect(state).toMatchObject({ contacts: [{ contactId: 'k-2', role: 'shipping' }], salespersonId: 's-1' });
  });

  it('reads a customer created before account managers were kept as having none', () => {
    const { salespersonId: _none, ...older } = profile;
    expect(fold([{ type: 'CustomerCreated', data: { customerId: id, ...older } }])).toMatchObject({ salespersonId: null, contacts: [] });
  });
});
