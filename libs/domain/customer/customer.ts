import { Decider, assertNever } from '../shared/decider';
import { MAX_CONTACTS } from '../shared/bounds';
import { DomainError, NotFoundError } from '../shared/domain-error';
import { Money, moneyField } from '../shared/money';

/** Customers (domain.md "Customers"): never deleted, only blocked. Events, state, evolve and decide. */
export const customerStream = (customerId: string): string => `customer-${customerId}`;

export type InvoicePolicy = 'ordered' | 'delivered';

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
  region?: string;
  country: string;
}

/** The fields a customer is created with and may change later. */
export interface CustomerProfile {
  name: string;
  currency: string;
  /** null: no limit. */
  creditLimit: Money | null;
  paymentTermsDays: number;
  invoicePolicy: InvoicePolicy;
  email: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  /** The account manager (a salesperson id); null: none. */
  salespersonId: string | null;
}

export type CustomerChanges = Partial<CustomerProfile>;

export const CONTACT_ROLES = ['billing', 'shipping', 'sales', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** A person at the customer (domain.md "Master data kept up to date"). */
export interface Contact {
  contactId: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: ContactRole;
}

export type CustomerEvent =
  | {
      type: 'CustomerCreated';
      data: { customerId: string } & Omit<CustomerProfile, 'salespersonId'> & {
          /** The account manager (a salesperson id); null: none. Absent on customers created before account managers were kept: none. */
          salespersonId?: string | null;
        };
    }
  | { type: 'CustomerUpdated'; data: { customerId: string; changes: CustomerChanges } }
  | { type: 'CustomerBlocked'; data: { customerId: string; reason: string | null } }
  | { type: 'CustomerUnblocked'; data: { customerId: string } }
  | { type: 'CustomerContactAdded'; data: { customerId: string; contact: Contact } }
  | { type: 'CustomerContactRemoved'; data: { customerId: string; contactId: string } };

export type CustomerCommand =
  | { type: 'CreateCustomer'; data: { customerId: string } & CustomerProfile }
  /** One PATCH: profile changes and/or blocking, decided together so they land in one append. */
  | { type: 'UpdateCustomer'; data: { customerId: string; changes: CustomerChanges; blocked?: boolean; blockReason?: string } }
  | { type: 'AddContact'; data: { customerId: string; contact: Contact } }
  | { type: 'RemoveContact'; data: { customerId: string; contactId: string } };

export type CustomerState =
  | { status: 'none' }
  | ({ status: 'active' | 'blocked'; customerId: string; contacts: readonly Contact[] } & CustomerProfile);

export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateCustomer':
        if (state.status !== 'none') throw new DomainError('CUSTOMER_EXISTS', `Customer ${command.data.customerId} already exists`);
        return [{ type: 'CustomerCreated', data: withCanonicalMoney(command.data) }];
      case 'UpdateCustomer': {
        const { customerId, blocked, blockReason } = command.data;
        const current = existing(state, customerId);
        const changes = changedFields(current, withCanonicalMoney({ ...current, ...command.data.changes }), command.data.changes);
        const events: CustomerEvent[] = [];
        if (Object.keys(changes).length > 0) events.push({ type: 'CustomerUpdated', data: { customerId, changes } });
        if (blocked === true && current.status === 'active') {
          events.push({ type: 'CustomerBlocked', data: { customerId, reason: blockReason ?? null } });
        }
        if (blocked === false && current.status === 'blocked') events.push({ type: 'CustomerUnblocked', data: { customerId } });
        return events;
      }
      case 'AddContact':
        return addContact(command.data, existing(state, command.data.customerId));
      case 'RemoveContact': {
        const { customerId, contactId } = command.data;
        const current = existing(state, customerId);
        if (!current.contacts.some((c) => c.contactId === contactId)) {
          throw new NotFoundError('CONTACT_NOT_FOUND', `Customer ${customerId} has no contact ${contactId}`);
        }
        return [{ type: 'CustomerContactRemoved', data: { customerId, contactId } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CustomerCreated':
        return { status: 'active', contacts: [], ...event.data, salespersonId: event.data.salespersonId ?? null };
      case 'CustomerUpdated':
        return state.status === 'none' ? state : { ...state, ...event.data.changes };
      case 'CustomerBlocked':
        return state.status === 'none' ? state : { ...state, status: 'blocked' };
      case 'CustomerUnblocked':
        return state.status === 'none' ? state : { ...state, status: 'active' };
      case 'CustomerContactAdded':
        return state.status === 'none' ? state : { ...state, contacts: [...state.contacts, event.data.contact] };
      case 'CustomerContactRemoved':
        return state.status === 'none' ? state : { ...state, contacts: state.contacts.filter((c) => c.contactId !== event.data.contactId) };
      default:
        return assertNever(event);
    }
  },
};

type ExistingCustomer = Exclude<CustomerState, { status: 'none' }>;

function existing(state: CustomerState, customerId: string): ExistingCustomer {
  if (state.status === 'none') throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customerId} does not exist`);
  return state;
}

function addContact({ customerId, contact }: { customerId: string; contact: Contact }, current: ExistingCustomer): CustomerEvent[] {
  if (current.contacts.some((c) => c.contactId === contact.contactId)) return [];
  if (current.contacts.length >= MAX_CONTACTS) {
    throw new DomainError('TOO_MANY_CONTACTS', `Customer ${customerId} has ${MAX_CONTACTS} contacts, the most it may have: remove one first`, { max: MAX_CONTACTS });
  }
  return [{ type: 'CustomerContactAdded', data: { customerId, contact } }];
}

function withCanonicalMoney<T extends { creditLimit: Money | null; currency: string }>(profile: T): T {
  return { ...profile, creditLimit: profile.creditLimit === null ? null : moneyField('creditLimit', profile.creditLimit, profile.currency) };
}

/** Only what really changes goes on the event, so history shows intent and a no-op writes nothing. */
function changedFields(current: CustomerProfile, next: CustomerProfile, requested: CustomerChanges): CustomerChanges {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(requested) as (keyof CustomerProfile)[]) {
    if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) changes[key] = next[key];
  }
  // A new currency re-expresses the limit: carry the limit's canonical form along.
  if ('currency' in changes && current.creditLimit !== next.creditLimit) changes.creditLimit = next.creditLimit;
  return changes as CustomerChanges;
}
