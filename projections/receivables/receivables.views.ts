import type { Money } from '../../libs/domain/shared/money';
import { fromMinor, toMinor } from '../orders/minor-units';
import type { AgingBucket } from './aging-buckets';
import type { OpenItemStatus } from './open-item.entity';

/**
 * The receivables read side in api.md's shapes. Money is a decimal string in its currency's minor
 * digits; dates are 'YYYY-MM-DD'. Amounts in different currencies are never added: a customer's balance
 * is given per currency, and `balance` is the one in its main currency (README.md "Definitions").
 */
export interface OpenInvoiceView {
  invoiceId: string;
  number: string | null;
  orderId: string;
  currency: string;
  invoiceDate: string;
  dueDate: string;
  gross: Money;
  paid: Money;
  credited: Money;
  outstanding: Money;
  status: OpenItemStatus;
  /** Days past the due date on the day asked; 0 when not yet due. */
  daysOverdue: number;
}

export interface CurrencyBalanceView {
  currency: string;
  balance: Money;
  unappliedCredit: Money;
  invoiceCount: number;
  openInvoiceCount: number;
}

export interface CustomerReceivablesView {
  customerId: string;
  /** The main currency: `balance` and `unappliedCredit` are in it. */
  currency: string;
  balance: Money;
  unappliedCredit: Money;
  /** Outstanding > 0, oldest due first, in every currency. */
  openInvoices: OpenInvoiceView[];
  /** One entry per currency the customer was ever invoiced in, by currency. */
  balances: CurrencyBalanceView[];
}

export type AgingAmounts = Record<AgingBucket | 'total', Money>;

export interface AgingRowView extends AgingAmounts {
  customerId: string;
  currency: string;
}

export interface AgingTotalView extends AgingAmounts {
  currency: string;
}

export interface AgingView {
  asOf: string;
  /** One per customer and currency with something outstanding at asOf, by customer then currency. */
  rows: AgingRowView[];
  /** One per currency, by currency: amounts in different currencies are never summed. */
  totals: AgingTotalView[];
}

/** A customer with nothing ever invoiced: zeros in its own currency. */
export function emptyReceivables(customerId: string, currency: string): CustomerReceivablesView {
  const zero = fromMinor(0n, currency);
  return { customerId, currency, balance: zero, unappliedCredit: zero, openInvoices: [], balances: [] };
}

/** A numeric's text in exactly the currency's digits ("0" → "0.00"). */
export const money = (text: string, currency: string): Money => fromMinor(toMinor(text, currency), currency);
