import type { CustomerEvent } from '../../libs/domain/customer/customer';
import type { ProductEvent } from '../../libs/domain/product/product';
import type { TypedEvent } from '../runtime/event-picker';
import type { CustomerEntry, ProductEntry } from './directory-model';

export type DirectoryEvent = CustomerEvent | ProductEvent;

/**
 * Folds one customer event into the batch's rows (loaded before, or made by `CustomerCreated`). Every
 * event of a known customer moves its version to the stream version the event has.
 */
export function foldCustomerEvent(entries: Map<string, CustomerEntry>, { stored, event }: TypedEvent<CustomerEvent>): void {
  if (event.type === 'CustomerCreated') {
    const { data } = event;
    entries.set(data.customerId, {
      customer_id: data.customerId,
      name: data.name,
      email: data.email,
      currency: data.currency,
      credit_limit: data.creditLimit,
      payment_terms_days: data.paymentTermsDays,
      blocked: false,
      // Customers created before account managers were kept have none.
      salesperson_id: data.salespersonId ?? null,
      contacts: [],
      created_at: stored.occurredAt,
      version: stored.version,
    });
    return;
  }
  const entry = entries.get(event.data.customerId);
  if (!entry) throw new Error(`${event.type} for customer ${event.data.customerId}, which the directory does not have`);
  entry.version = stored.version;
  switch (event.type) {
    case 'CustomerUpdated': {
      const { name, email, currency, creditLimit, paymentTermsDays, salespersonId } = event.data.changes;
      if (name !== undefined) entry.name = name;
      if (email !== undefined) entry.email = email;
      if (currency !== undefined) entry.currency = currency;
      if (creditLimit !== undefined) entry.credit_limit = creditLimit;
      if (paymentTermsDays !== undefined) entry.payment_terms_days = paymentTermsDays;
      if (salespersonId !== undefined) entry.salesperson_id = salespersonId;
      return;
    }
    case 'CustomerBlocked':
      entry.blocked = true;
      return;
    case 'CustomerUnblocked':
      entry.blocked = false;
      return;
    case 'CustomerContactAdded':
      entry.contacts = [...entry.contacts, event.data.contact];
      return;
    case 'CustomerContactRemoved':
      entry.contacts = entry.contacts.filter((c) => c.contactId !== event.data.contactId);
      return;
  }
}

export function foldProductEvent(entries: Map<string, ProductEntry>, { stored, event }: TypedEvent<ProductEvent>): void {
  if (event.type === 'ProductCreated') {
    const { data } = event;
    entries.set(data.sku, {
      sku: data.sku,
      name: data.name,
      kind: data.kind,
      currency: data.currency,
      unit_price: data.unitPrice,
      tax_rate: data.taxRate,
      unit_cost: data.unitCost,
      active: true,
      supplier_id: null,
      purchase_price: null,
      created_at: stored.occurredAt,
      version: stored.version,
    });
    return;
  }
  const entry = entries.get(event.data.sku);
  if (!entry) throw new Error(`${event.type} for product ${event.data.sku}, which the directory does not have`);
  entry.version = stored.version;
  switch (event.type) {
    case 'ProductUpdated': {
      const { name, unitPrice, taxRate, unitCost, supplierId, purchasePrice } = event.data.changes;
      if (name !== undefined) entry.name = name;
      if (unitPrice !== undefined) entry.unit_price = unitPrice;
      if (taxRate !== undefined) entry.tax_rate = taxRate;
      if (unitCost !== undefined) entry.unit_cost = unitCost;
      if (supplierId !== undefined) entry.supplier_id = supplierId;
      if (purchasePrice !== undefined) entry.purchase_price = purchasePrice;
      return;
    }
    case 'ProductDeactivated':
      entry.active = false;
      return;
    case 'ProductReactivated':
      entry.active = true;
      return;
  }
}
