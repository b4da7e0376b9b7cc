import type { Contact } from '../../libs/domain/customer/customer';

/** A customer's row as folding keeps it (snake_case: the table's own names, as the load's JSON carries them). */
export interface CustomerEntry {
  customer_id: string;
  name: string;
  email: string | null;
  currency: string;
  credit_limit: string | null;
  payment_terms_days: number;
  blocked: boolean;
  salesperson_id: string | null;
  contacts: Contact[];
  created_at: string;
  version: number;
}

export interface ProductEntry {
  sku: string;
  name: string;
  kind: string;
  currency: string;
  unit_price: string;
  tax_rate: string;
  unit_cost: string | null;
  active: boolean;
  supplier_id: string | null;
  purchase_price: string | null;
  created_at: string;
  version: number;
}

/** What `q` searches: lower-cased, one space between parts, so a substring match is case-insensitive. */
export const customerSearchText = (entry: CustomerEntry): string =>
  [entry.name, entry.email, ...entry.contacts.flatMap((c) => [c.name, c.email, c.phone])]
    .filter((part): part is string => part !== null && part !== undefined && part !== '')
    .join(' ')
    .toLowerCase();

export const productSearchText = (entry: ProductEntry): string => `${entry.sku} ${entry.name}`.toLowerCase();

/** The list's sort key: the name lower-cased (so "acme" and "Acme" sort together). */
export const sortName = (name: string): string => name.toLowerCase();
