import { Money } from '../../domain/shared/money';

/**
 * Where the credit check at confirmation reads a customer's exposure (domain.md "Sales orders"): open
 * receivables and open orders in the base currency, from read models that have caught up to the log's
 * head at the moment of the check (docs/product-decisions.md "Credit limit" states the window left).
 * The API implements it over the receivables and orders projections.
 */
export const CREDIT_EXPOSURE = Symbol('CREDIT_EXPOSURE');

export interface CustomerExposure {
  openReceivables: Money;
  openOrders: Money;
}

export interface CreditExposureSource {
  /** `excludeOrderId`: the order being confirmed, counted separately as "this order". */
  exposure(customerId: string, excludeOrderId: string, baseCurrency: string): Promise<CustomerExposure>;
}
