import type { Role } from './api-keys';

/**
 * What a GET route reads, one area per row of api.md's read-rights table:
 * - `operations`: customers, products, quotes, orders, stock, shipments, projections status;
 * - `billing`: invoices, credit notes, payments, receivables, aging;
 * - `ledger`: journals, trial balance;
 * - `events`: the event feed and stream.
 */
export const READ_AREAS = ['operations', 'billing', 'ledger', 'events'] as const;
export type ReadArea = (typeof READ_AREAS)[number];

/** api.md "Conventions", the reads table, column by column. admin reads everything. */
export const READERS: Readonly<Record<ReadArea, readonly Role[]>> = {
  operations: ['admin', 'sales', 'warehouse', 'accounting', 'auditor'],
  billing: ['admin', 'sales', 'accounting', 'auditor'],
  ledger: ['admin', 'accounting', 'auditor'],
  events: ['admin', 'auditor', 'subscriber'],
};

/** A route that declares no area is admin's alone: a new GET is closed until someone says who reads it. */
export const mayRead = (role: Role, area: ReadArea | undefined): boolean => role === 'admin' || (area !== undefined && READERS[area].includes(role));
