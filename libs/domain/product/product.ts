import { Decider, assertNever } from '../shared/decider';
import { DomainError, NotFoundError } from '../shared/domain-error';
import { Money, Rate, moneyField, rateField } from '../shared/money';

/**
 * Products (domain.md "Products", "Master data kept up to date"). The stream is keyed by sku, so a sku is
 * unique by construction: creating a product whose stream exists is refused with SKU_TAKEN. Prices are in
 * the base currency. Every change is an event, so what a product was at any instant can be read back; lines
 * already on documents keep the snapshot they took (pricing.ts), only new lines see a change.
 */
export const productStream = (sku: string): string => `product-${sku}`;

export type ProductKind = 'stocked' | 'service';

export interface ProductDetails {
  sku: string;
  name: string;
  kind: ProductKind;
  currency: string;
  unitPrice: Money;
  taxRate: Rate;
  /** Standard cost for stocked items; valuation itself is moving average over receipts. */
  unitCost: Money | null;
}

/** What can change after creation. The kind and currency cannot: lines, stock and costing depend on them. */
export interface ProductChanges {
  name?: string;
  unitPrice?: Money;
  taxRate?: Rate;
  unitCost?: Money | null;
  /** The default supplier (a supplier id; the suppliers themselves come with procurement). null: none. */
  supplierId?: string | null;
  /** What the default supplier charges per unit, in the base currency. null: not known. */
  purchasePrice?: Money | null;
}

export type ProductEvent =
  | { type: 'ProductCreated'; data: ProductDetails }
  /** Only the fields that really changed, with their new values. */
  | { type: 'ProductUpdated'; data: { sku: string; changes: ProductChanges } }
  /** No new line may take the product; lines already on documents are untouched. */
  | { type: 'ProductDeactivated'; data: { sku: string } }
  | { type: 'ProductReactivated'; data: { sku: string } };

export type ProductCommand =
  | { type: 'CreateProduct'; data: ProductDetails }
  /** One PATCH: field changes and/or the active flag, decided together so they land in one append. */
  | { type: 'UpdateProduct'; data: { sku: string; changes: ProductChanges; active?: boolean } };

export type ProductState =
  | { status: 'none' }
  | ({ status: 'active' | 'inactive'; supplierId: string | null; purchasePrice: Money | null } & ProductDetails);

type ExistingProduct = Exclude<ProductState, { status: 'none' }>;

export const productDecider: Decider<ProductState, ProductCommand, ProductEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateProduct':
        return createProduct(command.data, state);
      case 'UpdateProduct':
        return updateProduct(command.data, existing(state, command.data.sku));
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProductCreated':
        return { status: 'active', ...event.data, supplierId: null, purchasePrice: null };
      case 'ProductUpdated':
        return state.status === 'none' ? state : { ...state, ...event.data.changes };
      case 'ProductDeactivated':
        return state.status === 'none' ? state : { ...state, status: 'inactive' };
      case 'ProductReactivated':
        return state.status === 'none' ? state : { ...state, status: 'active' };
      default:
        return assertNever(event);
    }
  },
};

function createProduct(data: ProductDetails, state: ProductState): ProductEvent[] {
  if (state.status !== 'none') throw new DomainError('SKU_TAKEN', `A product with sku ${data.sku} already exists`);
  if (data.kind === 'service' && data.unitCost !== null) {
    throw new DomainError('SERVICE_HAS_NO_COST', 'A service product carries no unit cost: it is never stocked');
  }
  return [
    {
      type: 'ProductCreated',
      data: {
        ...data,
        unitPrice: moneyField('unitPrice', data.unitPrice, data.currency),
        taxRate: rateField('taxRate', data.taxRate),
        unitCost: data.unitCost === null ? null : moneyField('unitCost', data.unitCost, data.currency),
      },
    },
  ];
}

function updateProduct({ sku, changes, active }: { sku: string; changes: ProductChanges; active?: boolean }, current: ExistingProduct): ProductEvent[] {
  const canonical = canonicalChanges(changes, current.currency);
  if (current.kind === 'service' && canonical.unitCost !== undefined && canonical.unitCost !== null) {
    throw new DomainError('SERVICE_HAS_NO_COST', 'A service product carries no unit cost: it is never stocked');
  }
  // Only what really changes goes on the event, so the history shows intent and a no-op writes nothing.
  const changed = Object.fromEntries(
    Object.entries(canonical).filter(([key, value]) => value !== undefined && current[key as keyof ProductChanges] !== value),
  ) as ProductChanges;
  const events: ProductEvent[] = [];
  if (Object.keys(changed).length > 0) events.push({ type: 'ProductUpdated', data: { sku, changes: changed } });
  if (active === false && current.status === 'active') events.push({ type: 'ProductDeactivated', data: { sku } });
  if (active === true && current.status === 'inactive') events.push({ type: 'ProductReactivated', data: { sku } });
  return events;
}

function canonicalChanges(changes: ProductChanges, currency: string): ProductChanges {
  const money = (field: string, value: Money | null | undefined) => (value === undefined || value === null ? value : moneyField(field, value, currency));
  return {
    name: changes.name,
    unitPrice: money('unitPrice', changes.unitPrice) as Money | undefined,
    taxRate: changes.taxRate === undefined ? undefined : rateField('taxRate', changes.taxRate),
    unitCost: money('unitCost', changes.unitCost),
    supplierId: changes.supplierId,
    purchasePrice: money('purchasePrice', changes.purchasePrice),
  };
}

function existing(state: ProductState, sku: string): ExistingProduct {
  if (state.status === 'none') throw new NotFoundError('PRODUCT_NOT_FOUND', `No product with sku ${sku}`);
  return state;
}
