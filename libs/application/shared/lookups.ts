import { Injectable } from '@nestjs/common';
import { Address, customerDecider, customerStream } from '../../domain/customer/customer';
import { productDecider, productStream } from '../../domain/product/product';
import { CustomerFacts, ProductFacts } from '../../domain/sales-order/commands';
import { AggregateStore } from './aggregate-store';

/** What a new document takes from its customer unless it says otherwise. */
export interface CustomerDefaults {
  currency: string | null;
  creditLimit: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  salespersonId: string | null;
}

/**
 * Facts a decider needs about other aggregates, read from their streams just before it decides. They may
 * change a moment later; what a decision needs to hold is written on its event (the snapshot of a price,
 * the customer's terms on an invoice).
 */
@Injectable()
export class Lookups {
  constructor(private readonly aggregates: AggregateStore) {}

  async customer(customerId: string): Promise<CustomerFacts & CustomerDefaults> {
    const { state } = await this.aggregates.current(customerDecider, customerStream(customerId));
    if (state.status === 'none') {
      return {
        customerId,
        exists: false,
        blocked: false,
        invoicePolicy: 'ordered',
        paymentTermsDays: 0,
        currency: null,
        creditLimit: null,
        billingAddress: null,
        shippingAddress: null,
        salespersonId: null,
      };
    }
    return {
      customerId,
      exists: true,
      blocked: state.status === 'blocked',
      invoicePolicy: state.invoicePolicy,
      paymentTermsDays: state.paymentTermsDays,
      currency: state.currency,
      creditLimit: state.creditLimit,
      billingAddress: state.billingAddress,
      shippingAddress: state.shippingAddress,
      salespersonId: state.salespersonId,
    };
  }

  async product(sku: string): Promise<ProductFacts | null> {
    const { state } = await this.aggregates.current(productDecider, productStream(sku));
    if (state.status === 'none') return null;
    const { kind, currency, unitPrice, taxRate } = state;
    return { sku, kind, currency, unitPrice, taxRate, active: state.status === 'active' };
  }

  /** Products of many lines, each sku read once. */
  async products(skus: readonly string[]): Promise<Map<string, ProductFacts | null>> {
    const unique = [...new Set(skus)];
    const facts = await Promise.all(unique.map((sku) => this.product(sku)));
    return new Map(unique.map((sku, i) => [sku, facts[i]]));
  }
}
