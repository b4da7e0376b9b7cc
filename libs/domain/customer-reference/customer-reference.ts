import { Decider, assertNever } from '../shared/decider';
import { DomainError } from '../shared/domain-error';

/**
 * A customer's own reference for an order (its PO number) is unique among that customer's orders that are
 * not discarded (domain.md "Master data kept up to date"). Each (customer, reference) has a stream of
 * claims: an order claims the reference before it is drafted (or before it takes the reference by a
 * change), and the claim is decided against the holder's order as it is now, so two orders racing for
 * one reference append to the same stream and only one wins (docs/adr/0018-unique-customer-references.md).
 * A claim is never released by an event: a holder that was discarded or moved to another reference no
 * longer holds it, which the next claim reads from the holder's own stream.
 */
export const customerReferenceStream = (customerId: string, referenceKeyId: string): string => `customerReference-${customerId}-${referenceKeyId}`;

/**
 * How long a claim whose order does not exist (yet) still holds: the claimant is drafting it right now,
 * or crashed between the claim and the draft. After this, the claim is taken over. Much longer than any
 * command takes; short enough that a client retrying after a crash is not stuck for long.
 */
export const UNDRAFTED_CLAIM_HOLDS_MS = 30_000;

/** Two references are the same when they read the same: case, surrounding and repeated spaces, Unicode forms aside. */
export function customerReferenceKey(reference: string): string {
  return reference.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The holder's order as it is now, looked up just before deciding. */
export interface HolderOrder {
  exists: boolean;
  discarded: boolean;
  /** Its reference now (null: none). */
  customerReference: string | null;
}

export type CustomerReferenceEvent = {
  type: 'CustomerReferenceClaimed';
  /** `claimedAt`: when the claim was decided (ISO 8601), the clock a later claim measures an undrafted order by. */
  data: { customerId: string; reference: string; orderId: string; claimedAt: string };
};

export type CustomerReferenceCommand = {
  type: 'ClaimCustomerReference';
  data: { customerId: string; reference: string; orderId: string; now: string; holder: HolderOrder | null };
};

export type CustomerReferenceState = { holder: null } | { holder: { orderId: string; claimedAt: string } };

export const customerReferenceDecider: Decider<CustomerReferenceState, CustomerReferenceCommand, CustomerReferenceEvent> = {
  initialState: { holder: null },

  decide(command, state) {
    switch (command.type) {
      case 'ClaimCustomerReference': {
        const { customerId, reference, orderId, now, holder } = command.data;
        if (state.holder !== null) {
          if (state.holder.orderId === orderId) return [];
          if (holds(state.holder, holder, reference, now)) {
            throw new DomainError(
              'DUPLICATE_CUSTOMER_REFERENCE',
              `Customer ${customerId} already has order ${state.holder.orderId} with reference ${JSON.stringify(reference)}`,
              { orderId: state.holder.orderId, customerReference: reference },
            );
          }
        }
        return [{ type: 'CustomerReferenceClaimed', data: { customerId, reference, orderId, claimedAt: now } }];
      }
      default:
        return assertNever(command.type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'CustomerReferenceClaimed':
        return { holder: { orderId: event.data.orderId, claimedAt: event.data.claimedAt } };
      default:
        return assertNever(event.type);
    }
  },
};

/** Does the last claim still hold the reference? */
function holds(claim: { orderId: string; claimedAt: string }, order: HolderOrder | null, reference: string, now: string): boolean {
  if (order === null || !order.exists) return Date.parse(now) - Date.parse(claim.claimedAt) < UNDRAFTED_CLAIM_HOLDS_MS;
  if (order.discarded) return false;
  return order.customerReference !== null && customerReferenceKey(order.customerReference) === customerReferenceKey(reference);
}
