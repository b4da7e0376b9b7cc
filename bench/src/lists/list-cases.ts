import { listCustomers, listProducts } from '@ledgerline/projections/directory/directory.queries';
import { journalPage } from '@ledgerline/projections/journals/journals.queries';
import { listOrders } from '@ledgerline/projections/orders/orders.queries';
import { listCreditNotes, listInvoices, listPayments } from '@ledgerline/projections/receivables/billing-lists.queries';
import { aging } from '@ledgerline/projections/receivables/receivables.queries';

/** Anything with the `query` the read functions call: here, one that records the plan instead of reading. */
export type QuerySource = { query(sql: string, params?: unknown[]): Promise<unknown[]> };

/** One list as a client reads it (`path`), and the same read as the app runs it (`read`, for its plan). */
export interface ListCase {
  name: string;
  projection: 'directory' | 'receivables' | 'orders' | 'journals';
  path: string;
  read(source: QuerySource): Promise<unknown>;
  /** The targets: p99 under this many ms. */
  targetP99Ms?: number;
}

/** The lists of api.md part two, each at a filter an operator would use; the first customer is one with invoices. */
export function listCases(today: string, customer: string): ListCase[] {
  // The source the functions get is typed as a DataSource; the recording one has what they call.
  const as = (source: QuerySource) => source as never;
  return [
    { name: 'open overdue invoices, first page', projection: 'receivables', path: '/v1/invoices?status=open&overdue=true', read: (s) => listInvoices(as(s), { status: 'open', overdue: true, today }), targetP99Ms: 300 },
    { name: 'receivables aging', projection: 'receivables', path: '/v1/receivables/aging', read: (s) => aging(as(s), today), targetP99Ms: 300 },
    { name: "a customer's invoices", projection: 'receivables', path: `/v1/invoices?customerId=${customer}`, read: (s) => listInvoices(as(s), { customerId: customer, today }) },
    { name: 'invoice by number', projection: 'receivables', path: '/v1/invoices?number=INV-2025-001234', read: (s) => listInvoices(as(s), { number: 'INV-2025-001234', today }) },
    { name: 'credit notes of a customer', projection: 'receivables', path: `/v1/credit-notes?customerId=${customer}`, read: (s) => listCreditNotes(as(s), { customerId: customer }) },
    { name: 'payments since a day', projection: 'receivables', path: '/v1/payments?from=2026-06-01', read: (s) => listPayments(as(s), { from: '2026-06-01' }) },
    { name: 'customers, first page', projection: 'directory', path: '/v1/customers', read: (s) => listCustomers(as(s), {}) },
    { name: 'customers matching "müller"', projection: 'directory', path: '/v1/customers?q=m%C3%BCller', read: (s) => listCustomers(as(s), { q: 'müller' }) },
    { name: 'customers matching an email', projection: 'directory', path: '/v1/customers?q=ap4711%40', read: (s) => listCustomers(as(s), { q: 'ap4711@' }) },
    { name: 'active products matching "valve"', projection: 'directory', path: '/v1/products?q=valve&active=true', read: (s) => listProducts(as(s), { q: 'valve', active: true }) },
    { name: 'confirmed orders', projection: 'orders', path: '/v1/orders?status=confirmed', read: (s) => listOrders(as(s), { status: 'confirmed' }) },
    { name: 'order by customer reference', projection: 'orders', path: '/v1/orders?customerReference=po-4711', read: (s) => listOrders(as(s), { customerReference: 'po-4711' }) },
    { name: 'journal from a day, 50 entries', projection: 'journals', path: '/v1/journals?from=2026-06-01&limit=50', read: (s) => journalPage(as(s), { from: '2026-06-01', limit: 50 }) },
  ];
}
