import { Decider, assertNever } from '../shared/decider';

/**
 * Gap-free invoice numbers per year (docs/adr/0005-invoice-numbering.md). Each year is one stream; the
 * n-th `InvoiceNumberAssigned` of a year is number n, so a number can be neither reused (stream versions
 * are unique) nor skipped (versions are contiguous), and every number names the invoice it went to.
 */
export const invoiceNumberStream = (year: number): string => `invoiceNumbers-${year}`;
/** The invoice's own stream records its number: the anchor that makes numbering idempotent and GET cheap. */
export const invoiceStream = (invoiceId: string): string => `invoice-${invoiceId}`;

export const formatInvoiceNumber = (year: number, sequence: number): string => `INV-${year}-${String(sequence).padStart(6, '0')}`;

export type InvoiceNumberEvent = {
  type: 'InvoiceNumberAssigned';
  data: { year: number; sequence: number; number: string; invoiceId: string; orderId: string };
};

export type InvoiceNumberCommand = { type: 'AssignInvoiceNumber'; data: { year: number; invoiceId: string; orderId: string } };

export interface InvoiceNumberState {
  count: number;
  /** invoiceId → number: a retried assignment returns the number already given. */
  assigned: ReadonlyMap<string, string>;
}

const NONE: ReadonlyMap<string, string> = new Map();

export const invoiceNumberDecider: Decider<InvoiceNumberState, InvoiceNumberCommand, InvoiceNumberEvent> = {
  initialState: { count: 0, assigned: NONE },
  decide(command, state) {
    switch (command.type) {
      case 'AssignInvoiceNumber': {
        const { year, invoiceId, orderId } = command.data;
        if (state.assigned.has(invoiceId)) return [];
        const sequence = state.count + 1;
        return [{ type: 'InvoiceNumberAssigned', data: { year, sequence, number: formatInvoiceNumber(year, sequence), invoiceId, orderId } }];
      }
      default:
        return assertNever(command.type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'InvoiceNumberAssigned': {
        // A year holds many thousands of numbers: copying the map per event would make a fold quadratic.
        // The map is extended in place; a fold starts from the shared empty map, which is never written, so
        // only states of one fold share it, and a fold keeps just its last state.
        const assigned = (state.assigned === NONE ? new Map() : state.assigned) as Map<string, string>;
        assigned.set(event.data.invoiceId, event.data.number);
        return { count: event.data.sequence, assigned };
      }
      default:
        return assertNever(event.type);
    }
  },
};

/** The invoice stream's one event: this invoice of that order carries this number. */
export type InvoiceRecordEvent = {
  type: 'InvoiceNumbered';
  data: { invoiceId: string; orderId: string; number: string; year: number };
};
