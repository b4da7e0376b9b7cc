import { Decider, assertNever } from '../shared/decider';
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
}

export type CustomerChanges = Partial<CustomerProfile>;

export type CustomerEvent =
  | { type: 'CustomerCreated'; data: { customerId: string } & CustomerProfile }
  | { type: 'CustomerUpdated'; data: { customerId: string; changes: CustomerChanges } }
  | { type: 'CustomerBlocked'; data: { customerId: string; reason: string | null } }
  | { type: 'CustomerUnblocked'; data: { customerId: string } };

export type CustomerCommand =
  | { type: 'CreateCustomer'; data: { customerId: string } & CustomerProfile }
  /** One PATCH: profile changes and/or blocking, decided together so they land in one append. */
  | { type: 'UpdateCustomer'; data: { customerId: string; changes: CustomerChanges; blocked?: boolean; blockReason?: string } };

export type CustomerState =
  | { status: 'none' }
  | ({ status: 'active' | 'blocked'; customerId: string } & CustomerProfile);

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
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CustomerCreated':
        return { status: 'active', ...event.data };
      case 'CustomerUpdated':
        return state.status === 'none' ? state : { ...state, ...event.data.changes };
      case 'CustomerBlocked':
        return state.status === 'none' ? state : { ...state, status: 'blocked' };
      case 'CustomerUnblocked':
        return state.status === 'none' ? state : { ...state, status: 'active' };
      default:
        return assertNever(event);
    }
  },
};

function existing(state: CustomerState, customerId: string): Exclude<CustomerState, { status: 'none' }> {
  if (state.status === 'none') throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customerId} does not exist`);
  return state;
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
