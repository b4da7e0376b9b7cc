import { Money, roundMoney } from '../shared/money';
import { CustomerAccountEvent } from './events';

/**
 * Older payload shapes of the customer account's events that stay in the log (docs/events/README.md
 * "Evolving a type"), and how each reads in today's shape. Pure: the upcasters
 * (libs/contracts/upcasters.ts) run these on every event read.
 */

type Data<T extends CustomerAccountEvent['type']> = Extract<CustomerAccountEvent, { type: T }>['data'];

/**
 * A credit note's effect on the account, before `exchangeDifference` was required: notes posted before
 * the decider wrote it lack it; later version-1 events carry it, as version 2 always does.
 */
export type CreditNotePostedV1 = Omit<Data<'CreditNotePosted'>, 'exchangeDifference'> & {
  /**
   * The rounding's gain or loss in the base currency, on 7900: "0.00" but for rounding in a foreign
   * currency (docs/events.md). Absent on notes posted before the decider wrote it: they posted none.
   */
  exchangeDifference?: Money;
};

/** v1 → v2: a note posted without `exchangeDifference` posted no rounding difference: zero in the base currency. */
export function creditNotePostedFromV1(data: CreditNotePostedV1): Data<'CreditNotePosted'> {
  return { ...data, exchangeDifference: data.exchangeDifference ?? roundMoney(0, data.baseCurrency) };
}
