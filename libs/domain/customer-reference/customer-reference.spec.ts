import { deciderSpec } from '../shared/decider-spec';
import { CustomerReferenceEvent, UNDRAFTED_CLAIM_HOLDS_MS, customerReferenceDecider, customerReferenceKey } from './customer-reference';

const spec = deciderSpec(customerReferenceDecider);
const claimedAt = '2026-12-02T10:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(claimedAt) + ms).toISOString();
const claimed = (orderId: string, reference = 'PO-7'): CustomerReferenceEvent => ({ type: 'CustomerReferenceClaimed', data: { customerId: 'c-1', reference, orderId, claimedAt } });
const claim = (orderId: string, holder: { exists: boolean; discarded?: boolean; customerReference?: string | null } | null, now = later(1000), reference = 'PO-7') => ({
  type: 'ClaimCustomerReference' as const,
  data: { customerId: 'c-1', reference, orderId, now, holder: holder && { discarded: false, customerReference: reference, ...holder } },
});

describe('customer reference claims', () => {
  it('claims a reference nobody holds', () => {
    spec.given([]).when(claim('o-1', null, claimedAt)).then([claimed('o-1')]);
  });

  it('refuses a reference another live order holds, naming it', () => {
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: true })).thenRefuses('DUPLICATE_CUSTOMER_REFERENCE', { orderId: 'o-1', customerReference: 'PO-7' });
    // However it is spelled: case, spaces and Unicode forms aside, it is the same reference.
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: true, customerReference: 'po-7' }, later(1000), ' PO-7 ')).thenRefuses('DUPLICATE_CUSTOMER_REFERENCE');
  });

  it('writes nothing when the order already holds it (a retry)', () => {
    spec.given([claimed('o-1')]).when(claim('o-1', null)).then([]);
  });

  it('takes over from a discarded holder, and from one that moved to another reference', () => {
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: true, discarded: true })).then([{ ...claimed('o-2'), data: { ...claimed('o-2').data, claimedAt: later(1000) } }]);
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: true, customerReference: 'PO-8' })).then([{ ...claimed('o-2'), data: { ...claimed('o-2').data, claimedAt: later(1000) } }]);
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: true, customerReference: null })).then([{ ...claimed('o-2'), data: { ...claimed('o-2').data, claimedAt: later(1000) } }]);
  });

  it('holds for an order being drafted, and lets go of one that never was', () => {
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: false }, later(UNDRAFTED_CLAIM_HOLDS_MS - 1))).thenRefuses('DUPLICATE_CUSTOMER_REFERENCE', { orderId: 'o-1' });
    const now = later(UNDRAFTED_CLAIM_HOLDS_MS);
    spec.given([claimed('o-1')]).when(claim('o-2', { exists: false }, now)).then([{ ...claimed('o-2'), data: { ...claimed('o-2').data, claimedAt: now } }]);
  });

  it('reads references the same whatever their case, spacing or Unicode form', () => {
    expect(customerReferenceKey('  PO  4711 ')).toBe('po 4711');
    expect(customerReferenceKey('ＰＯ-4711')).toBe('po-4711');
    expect(customerReferenceKey('Straße-1')).not.toBe(customerReferenceKey('Strasse-1'));
  });
});
