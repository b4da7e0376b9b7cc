import { deciderSpec } from '../shared/decider-spec';
import { fold } from '../shared/decider';
import { InvoiceNumberEvent, formatInvoiceNumber, invoiceNumberDecider } from './invoice-number';

const spec = deciderSpec(invoiceNumberDecider);
const assigned = (sequence: number, invoiceId: string): InvoiceNumberEvent => ({
  type: 'InvoiceNumberAssigned',
  data: { year: 2026, sequence, number: formatInvoiceNumber(2026, sequence), invoiceId, orderId: 'o-1' },
});
const assign = (invoiceId: string) => ({ type: 'AssignInvoiceNumber', data: { year: 2026, invoiceId, orderId: 'o-1' } }) as const;

describe('invoice numbers', () => {
  it('gives the first invoice of a year number 1', () => {
    spec.given([]).when(assign('i-1')).then([assigned(1, 'i-1')]);
    expect(formatInvoiceNumber(2026, 1)).toBe('INV-2026-000001');
  });

  it('gives the next number without a gap', () => {
    spec.given([assigned(1, 'i-1'), assigned(2, 'i-2')]).when(assign('i-3')).then([assigned(3, 'i-3')]);
  });

  it('never gives an invoice a second number', () => {
    spec.given([assigned(1, 'i-1'), assigned(2, 'i-2')]).when(assign('i-1')).then([]);
  });

  it('keeps separate folds apart (the shared empty state is never written)', () => {
    const a = fold(invoiceNumberDecider, [assigned(1, 'i-1')]);
    const b = fold(invoiceNumberDecider, [assigned(1, 'i-9')]);
    expect([...a.assigned.keys()]).toEqual(['i-1']);
    expect([...b.assigned.keys()]).toEqual(['i-9']);
    expect(invoiceNumberDecider.initialState.assigned.size).toBe(0);
  });
});
