import type { DataSource, EntityManager } from 'typeorm';
import type { Contact } from '../../libs/domain/customer/customer';
import { isUuid } from '../orders/list-cursor';
import { InvalidCursorError, Where, decodeKeys, keysetPage, pageSize } from '../shared/keyset-cursor';

/** Reads of the directory read model: the live generation's DataSource, or an EntityManager of it. */
export type DirectorySource = DataSource | EntityManager;

export interface CustomerListItem {
  id: string;
  name: string;
  email: string | null;
  currency: string;
  creditLimit: string | null;
  paymentTermsDays: number;
  blocked: boolean;
  salespersonId: string | null;
  contacts: Contact[];
  version: number;
}

export interface ProductListItem {
  sku: string;
  name: string;
  kind: string;
  currency: string;
  unitPrice: string;
  taxRate: string;
  unitCost: string | null;
  active: boolean;
  supplierId: string | null;
  purchasePrice: string | null;
  version: number;
}

export interface ListCustomersOptions {
  /** Case-insensitive substring of the name, email, or a contact's name, email or phone. */
  q?: string;
  blocked?: boolean;
  salespersonId?: string;
  limit?: number;
  cursor?: string;
}

export interface ListProductsOptions {
  /** Case-insensitive substring of the sku or name. */
  q?: string;
  kind?: string;
  active?: boolean;
  supplierId?: string;
  limit?: number;
  cursor?: string;
}

/** Alphabetical by name (lower-cased), then id: a keyset page, so rows added meanwhile never shift a page. */
export async function listCustomers(source: DirectorySource, options: ListCustomersOptions = {}): Promise<{ customers: CustomerListItem[]; next: string | null }> {
  const limit = pageSize(options.limit);
  if (options.salespersonId !== undefined && !isUuid(options.salespersonId)) return { customers: [], next: null };
  const query = new Where();
  if (options.q !== undefined) query.add(`search_text LIKE ${query.param(containing(options.q))}`);
  if (options.blocked !== undefined) query.add(`blocked = ${query.param(options.blocked)}`);
  if (options.salespersonId !== undefined) query.add(`salesperson_id = ${query.param(options.salespersonId)}::uuid`);
  if (options.cursor !== undefined) {
    const [name, id] = decodeKeys(options.cursor, 2);
    if (!isUuid(id)) throw new InvalidCursorError();
    query.add(`(sort_name, customer_id) > (${query.param(name)}, ${query.param(id)}::uuid)`);
  }
  const rows: { customer_id: string; name: string; sort_name: string; email: string | null; currency: string; credit_limit: string | null; payment_terms_days: number; blocked: boolean; salesperson_id: string | null; contacts: Contact[]; version: number }[] =
    await source.query(
      `SELECT customer_id, name, sort_name, email, currency, credit_limit::text AS credit_limit, payment_terms_days, blocked, salesperson_id, contacts, version
       FROM customer_entries ${query.clause()} ORDER BY sort_name, customer_id LIMIT ${query.param(limit + 1)}`,
      query.params,
    );
  const { items, next } = keysetPage(
    rows,
    limit,
    (r) => ({
      id: r.customer_id,
      name: r.name,
      email: r.email,
      currency: r.currency,
      creditLimit: r.credit_limit,
      paymentTermsDays: r.payment_terms_days,
      blocked: r.blocked,
      salespersonId: r.salesperson_id,
      contacts: r.contacts,
      version: r.version,
    }),
    (r) => [r.sort_name, r.customer_id],
  );
  return { customers: items, next };
}

/** By sku (byte order): a keyset page. */
export async function listProducts(source: DirectorySource, options: ListProductsOptions = {}): Promise<{ products: ProductListItem[]; next: string | null }> {
  const limit = pageSize(options.limit);
  if (options.supplierId !== undefined && !isUuid(options.supplierId)) return { products: [], next: null };
  const query = new Where();
  if (options.q !== undefined) query.add(`search_text LIKE ${query.param(containing(options.q))}`);
  if (options.kind !== undefined) query.add(`kind = ${query.param(options.kind)}`);
  if (options.active !== undefined) query.add(`active = ${query.param(options.active)}`);
  if (options.supplierId !== undefined) query.add(`supplier_id = ${query.param(options.supplierId)}::uuid`);
  if (options.cursor !== undefined) {
    const [sku] = decodeKeys(options.cursor, 1);
    query.add(`sku > ${query.param(sku)}`);
  }
  const rows: { sku: string; name: string; kind: string; currency: string; unit_price: string; tax_rate: string; unit_cost: string | null; active: boolean; supplier_id: string | null; purchase_price: string | null; version: number }[] =
    await source.query(
      `SELECT sku, name, kind, currency, unit_price::text AS unit_price, tax_rate::text AS tax_rate, unit_cost::text AS unit_cost, active, supplier_id,
              purchase_price::text AS purchase_price, version
       FROM product_entries ${query.clause()} ORDER BY sku LIMIT ${query.param(limit + 1)}`,
      query.params,
    );
  const { items, next } = keysetPage(
    rows,
    limit,
    (r) => ({
      sku: r.sku,
      name: r.name,
      kind: r.kind,
      currency: r.currency,
      unitPrice: r.unit_price,
      taxRate: r.tax_rate,
      unitCost: r.unit_cost,
      active: r.active,
      supplierId: r.supplier_id,
      purchasePrice: r.purchase_price,
      version: r.version,
    }),
    (r) => [r.sku],
  );
  return { products: items, next };
}

/** The LIKE pattern of a substring, lower-cased as the search text is, with LIKE's own characters escaped. */
function containing(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
