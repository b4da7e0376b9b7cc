import { Decider, assertNever } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { Money, Rate, moneyField, rateField } from '../shared/money';

/**
 * Products (domain.md "Products"). The stream is keyed by sku, so a sku is unique by construction: creating
 * a product whose stream exists is refused with SKU_TAKEN. Prices are in the base currency.
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

export type ProductEvent = { type: 'ProductCreated'; data: ProductDetails };

export type ProductCommand = { type: 'CreateProduct'; data: ProductDetails };

export type ProductState = { status: 'none' } | ({ status: 'active' } & ProductDetails);

export const productDecider: Decider<ProductState, ProductCommand, ProductEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateProduct': {
        const { data } = command;
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
      default:
        return assertNever(command.type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'ProductCreated':
        return { status: 'active', ...event.data };
      default:
        return assertNever(event.type);
    }
  },
};
