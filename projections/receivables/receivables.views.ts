import type { Money } from '../../libs/domain/shared/money';
import { fromMinor, toMinor } from '../shared/fixed-point';
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
  /** The ledger's currency of `grossBase` and `outstandingBase`; `exchangeRate` base units per invoice unit. */
  baseCurrency: string;
  exchangeRate: string;
  grossBase: Money;
  /** What the invoice still holds on account 1100. */
  outstandingBase: Money;
}

export interface CurrencyBalanceView {
  currency: string;
  balance: Money;
  unappliedCredit: Money;
  invoiceCount: number;
  openInvoiceCount: number;
  /** `balance` and `unappliedCredit` as the ledger carries them, in `baseCurrency`. */
  baseCurrency: string;
  balanceBase: Money;
  unappliedCreditBase: Money;
}

export interface CustomerReceivablesView {
  customerId: string;
  /** The main currency: `balance` and `unappliedCredit` are in it. */
  currency: string;
  balance: Money;
  unappliedCredit: Money;
  /**
   * Everything the customer owes and holds as credit, in every currency, as the ledger carries it: the
   * sums of `balances[].balanceBase` and `unappliedCreditBase` over the entries in `baseCurrency`.
   */
  baseCurrency: string;
  balanceBase: Money;
  unappliedCreditBase: Money;
  /** Outstanding > 0, oldest due first, in every currency. */
  openInvoices: OpenInvoiceView[];
  /** One entry per currency the customer was ever invoiced in or holds credit in, by currency. */
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

/**
 * A customer with nothing ever invoiced, paid or credited: zeros in its own currency, and in the base
 * currency (the customer's own when not given).
 */
export function emptyReceivables(customerId: string, currency: string, baseCurrency = currency): CustomerReceivablesView {
  const zero = fromMinor(0n, currency);
  const zeroBase = fromMinor(0n, baseCurrency);
  return { customerId, currency, balance: zero, unappliedCredit: zero, baseCurrency, balanceBase: zeroBase, unappliedCreditBase: zeroBase, openInvoices: [], balances: [] };
}

/** A numeric's text in exactly the currency's digits ("0" → "0.00"). */
export const money = (text: string, currency: string): Money => fromMinor(toMinor(text, currency), currency);
