import { Amounts } from '../shared/line-amounts';
import { ExchangeRate } from '../shared/exchange';
import { Money } from '../shared/money';

/**
 * An invoice as the account needs it, read by the handler from the invoice's order just before deciding.
 * Everything here is fixed once the invoice is issued; what moves (paid, credited) is the account's own
 * state, so the decision needs no other stream to be current.
 */
export interface InvoiceFacts {
  invoiceId: string;
  /** false: no such invoice (the handler found no issued invoice with that id). */
  exists: boolean;
  customerId: string;
  orderId: string;
  number: string | null;
  currency: string;
  exchangeRate: ExchangeRate;
  baseCurrency: string;
  gross: Money;
  baseGross: Money;
  dueDate: string;
}

export interface CustomerFactsForAccount {
  customerId: string;
  exists: boolean;
  currency: string;
}

export type CustomerAccountCommand =
  | {
      type: 'ReceivePayment';
      data: {
        paymentId: string;
        customer: CustomerFactsForAccount;
        amount: Money;
        /** The payment's currency; every allocated invoice must be in it. */
        currency: string;
        receivedOn: string;
        /** Required (non-null) when `currency` is not `baseCurrency`; "1" or absent otherwise. */
        exchangeRate: ExchangeRate | null;
        baseCurrency: string;
        allocations: readonly { invoiceId: string; amount: Money }[];
        /** Facts of every invoice named in `allocations`, by id. */
        invoices: ReadonlyMap<string, InvoiceFacts>;
      };
    }
  | {
      type: 'ApplyCredit';
      data: {
        applicationId: string;
        customer: CustomerFactsForAccount;
        invoice: InvoiceFacts;
        amount: Money;
        appliedOn: string;
      };
    }
  | {
      type: 'PostCreditNote';
      data: {
        creditNoteId: string;
        customerId: string;
        invoice: InvoiceFacts;
        creditDate: string;
        totals: Amounts;
        baseTotals: Amounts;
      };
    };
