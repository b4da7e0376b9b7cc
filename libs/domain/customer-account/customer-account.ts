import { Decider } from '../shared/decider';
import { CustomerAccountCommand } from './commands';
import { decideCustomerAccount } from './decide';
import { CustomerAccountEvent } from './events';
import { CustomerAccountState, copyCustomerAccountState, evolveCustomerAccount, initialCustomerAccountState } from './state';

export type { CustomerAccountState, InvoiceSettlement, UnappliedCredit, CreditPool, InvoiceAccount } from './state';
export { invoiceSettlement, invoiceOutstanding, unappliedCredit, creditPool } from './state';
export { customerAccountStream } from './events';

/** The customer's account (docs/adr/0007-settling-invoices.md): stream `customerAccount-<customerId>`. */
export const customerAccountDecider: Decider<CustomerAccountState, CustomerAccountCommand, CustomerAccountEvent> = {
  initialState: initialCustomerAccountState,
  decide: decideCustomerAccount,
  evolve: evolveCustomerAccount,
  copy: copyCustomerAccountState,
};
