import type { EntityManager } from 'typeorm';
import type { CustomerEvent } from '../../libs/domain/customer/customer';
import type { ProductEvent } from '../../libs/domain/product/product';
import type { StoredEvent } from '../../libs/event-store/port';
import { BulkWrite, Columns } from '../shared/bulk-sql';
import { eventPicker } from '../runtime/event-picker';
import type { Projection } from '../runtime/projection';
import { CustomerEntryEntity, ProductEntryEntity } from './directory.entities';
import { foldCustomerEvent, foldProductEvent } from './directory-fold';
import { CustomerEntry, ProductEntry, customerSearchText, productSearchText, sortName } from './directory-model';
import { CreateDirectory1767744000000 } from './migrations/1767744000000-create-directory';

const customerEvents = eventPicker<CustomerEvent>([
  'CustomerCreated',
  'CustomerUpdated',
  'CustomerBlocked',
  'CustomerUnblocked',
  'CustomerContactAdded',
  'CustomerContactRemoved',
]);
const productEvents = eventPicker<ProductEvent>(['ProductCreated', 'ProductUpdated', 'ProductDeactivated', 'ProductReactivated']);

const CUSTOMER_KEY: Columns = [['customer_id', 'uuid']];
const CUSTOMER_COLUMNS: Columns = [
  ['name', 'text'],
  ['sort_name', 'text'],
  ['email', 'text'],
  ['currency', 'text'],
  ['credit_limit', 'numeric'],
  ['payment_terms_days', 'integer'],
  ['blocked', 'boolean'],
  ['salesperson_id', 'uuid'],
  ['contacts', 'jsonb'],
  ['search_text', 'text'],
  ['created_at', 'timestamptz'],
  ['version', 'integer'],
];
const PRODUCT_KEY: Columns = [['sku', 'text']];
const PRODUCT_COLUMNS: Columns = [
  ['name', 'text'],
  ['kind', 'text'],
  ['currency', 'text'],
  ['unit_price', 'numeric'],
  ['tax_rate', 'numeric'],
  ['unit_cost', 'numeric'],
  ['active', 'boolean'],
  ['supplier_id', 'uuid'],
  ['purchase_price', 'numeric'],
  ['search_text', 'text'],
  ['created_at', 'timestamptz'],
  ['version', 'integer'],
];

/**
 * Customers and products as an operator finds them (README.md): one row each, searchable and filterable.
 * A batch loads the rows it names in one statement, folds its events in memory and writes the rows it
 * touched back in one statement.
 */
export const directoryProjection: Projection = {
  name: 'directory',
  entities: [CustomerEntryEntity, ProductEntryEntity],
  migrations: [CreateDirectory1767744000000],
  readIndexes: [
    'customer_entries_sorted',
    'customer_entries_blocked',
    'customer_entries_salesperson',
    'customer_entries_search',
    'product_entries_kind',
    'product_entries_active',
    'product_entries_supplier',
    'product_entries_search',
  ],
  async apply(events: readonly StoredEvent[], manager: EntityManager): Promise<void> {
    const customers = customerEvents(events);
    const products = productEvents(events);
    if (customers.length === 0 && products.length === 0) return;
    const customerIds = [...new Set(customers.map(({ event }) => event.data.customerId))];
    const skus = [...new Set(products.map(({ event }) => event.data.sku))];
    const [loaded]: { customers: CustomerEntry[] | null; products: ProductEntry[] | null }[] = await manager.query(
      `SELECT (SELECT json_agg(c) FROM (SELECT customer_id, name, email, currency, credit_limit::text, payment_terms_days, blocked, salesperson_id, contacts, created_at, version
                                        FROM customer_entries WHERE customer_id = ANY($1::uuid[])) c) AS customers,
              (SELECT json_agg(p) FROM (SELECT sku, name, kind, currency, unit_price::text, tax_rate::text, unit_cost::text, active, supplier_id, purchase_price::text, created_at, version
                                        FROM product_entries WHERE sku = ANY($2::text[])) p) AS products`,
      [customerIds, skus],
    );
    const customerRows = new Map((loaded.customers ?? []).map((c) => [c.customer_id, c]));
    const productRows = new Map((loaded.products ?? []).map((p) => [p.sku, p]));
    for (const event of customers) foldCustomerEvent(customerRows, event);
    for (const event of products) foldProductEvent(productRows, event);
    await new BulkWrite()
      .upsert(
        'customer_entries',
        CUSTOMER_KEY,
        CUSTOMER_COLUMNS,
        [...customerRows.values()].map((c) => ({ ...c, sort_name: sortName(c.name), search_text: customerSearchText(c) })),
      )
      .upsert(
        'product_entries',
        PRODUCT_KEY,
        PRODUCT_COLUMNS,
        [...productRows.values()].map((p) => ({ ...p, search_text: productSearchText(p) })),
      )
      .execute(manager);
  },
};
