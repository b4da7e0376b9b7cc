import { Amounts } from '../shared/line-amounts';
import { ExchangeRate } from '../shared/exchange';
import { Money } from '../shared/money';

/**
 * The customer's account: the receivable sub-ledger of one customer, and the consistency boundary of
 * everything that settles an invoice (docs/adr/0007-settling-invoices.md). Stream `customerAccount-<id>`.
 * Every settlement of an invoice (payment allocation, applied credit, credit note) is decided here
 * against the invoice's outstanding amount as this stream has it, and appended with the stream's
 * expected version: two racing payments cannot both take the same outstanding euro.
 *
 * Amounts are in the document currency; `…Base` amounts in `baseCurrency`, computed by the decider so
 * that the ledger and the receivables read model post exactly what was decided (ADR 0007 "Rounding").
 */
export const customerAccountStream = (customerId: string): string => `customerAccount-${customerId}`;

export interface Allocation {
  invoiceId: string;
  amount: Money;
  /** What the allocation takes off account 1100: its share of the invoice at the invoice's rate. */
  baseAmount: Money;
}

export type CustomerAccountEvent =
  | {
      /**
       * domain.md "Payments". Journal: Dr 1000 baseAmount; Cr 1100 Σ allocations' baseAmount; Cr 2200
       * unallocatedBase; the rest (cash at the payment's rate − receivable at the invoices' rates) is the
       * exchange difference on 7900 (positive: a gain, credited).
       */
      type: 'PaymentReceived';
      data: {
        paymentId: string;
        customerId: string;
        amount: Money;
        currency: string;
        receivedOn: string;
        exchangeRate: ExchangeRate;
        baseCurrency: string;
        baseAmount: Money;
        allocations: Allocation[];
        unallocated: Money;
        unallocatedBase: Money;
        exchangeDifference: Money;
      };
    }
  | {
      /**
       * Unapplied credit moved onto an invoice (domain.md "advance applied"). Journal: Dr 2200 creditBase
       * (the credit's carrying value) / Cr 1100 baseAmount (the invoice's share); the difference on 7900.
       */
      type: 'CreditApplied';
      data: {
        applicationId: string;
        customerId: string;
        invoiceId: string;
        amount: Money;
        currency: string;
        appliedOn: string;
        baseCurrency: string;
        creditBase: Money;
        baseAmount: Money;
        exchangeDifference: Money;
      };
    }
  | {
      /**
       * A credit note's effect on the account: it settles what the invoice still owes and any excess (an
       * invoice already paid) becomes unapplied credit. Journal: Dr 4000 baseTotals.net, Dr 2100
       * baseTotals.tax / Cr 1100 appliedBase, Cr 2200 toCreditBase; exchangeDifference on 7900 (positive:
       * credited), so baseTotals.gross = appliedBase + toCreditBase + exchangeDifference.
       */
      type: 'CreditNotePosted';
      data: {
        creditNoteId: string;
        customerId: string;
        invoiceId: string;
        orderId: string;
        currency: string;
        creditDate: string;
        exchangeRate: ExchangeRate;
        baseCurrency: string;
        totals: Amounts;
        baseTotals: Amounts;
        applied: Money;
        appliedBase: Money;
        toCredit: Money;
        toCreditBase: Money;
        /**
         * "0.00" but for rounding in a foreign currency (always "0.00" in the base currency). A note that
         * clears the invoice takes exactly the base the invoice has left (so a settled invoice leaves 0.00
         * on 1100), which can differ by cents from the note's own baseTotals when earlier settlements were
         * rounded. The rest of the note's base is what its credit carries on 2200; when it creates no
         * credit (toCredit "0.00", toCreditBase "0.00") or the rest is below zero (toCreditBase "0.00"),
         * the cents are the rounding's gain or loss. Added with the decider: without it those cents could
         * only stay on 1100 (a settled invoice not at 0.00) or sit on 2200 as credit of no amount.
         */
        exchangeDifference: Money;
      };
    };

export type CustomerAccountEventType = CustomerAccountEvent['type'];
