import type { Upcaster } from '@ledgerline/contracts/upcasters';
import type { Address, CustomerEvent, InvoicePolicy } from '@ledgerline/domain/customer/customer';
import { roundMoney } from '@ledgerline/domain/shared/money';
import type { JsonObject } from '@ledgerline/event-store/port';

/**
 * A made-up first shape of `CustomerCreated`, kept to show (and test) how a type evolves: the credit limit
 * was a JSON number of major units, and one address served for billing and shipping. In this example the
 * shape of today is its version 2 (docs/events/README.md "Evolving a type").
 */
export interface CustomerCreatedV1 {
  customerId: string;
  name: string;
  currency: string;
  /** Major units as a JSON number, e.g. 5000.5; null: no limit. */
  creditLimit: number | null;
  paymentTermsDays: number;
  invoicePolicy: InvoicePolicy;
  email: string | null;
  /** Where invoices and goods both went. */
  address: Address | null;
}

type CustomerCreatedV2 = Extract<CustomerEvent, { type: 'CustomerCreated' }>['data'];

/** v1 → v2: the limit becomes a Money string in the customer's currency; the one address becomes both. */
export const customerCreatedV1ToV2: Upcaster = (data) => {
  const { creditLimit, address, ...rest } = data as unknown as CustomerCreatedV1;
  const v2: CustomerCreatedV2 = {
    ...rest,
    creditLimit: creditLimit === null ? null : roundMoney(creditLimit, rest.currency),
    billingAddress: address,
    shippingAddress: address,
  };
  return v2 as unknown as JsonObject;
};
