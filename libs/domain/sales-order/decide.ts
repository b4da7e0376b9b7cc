import { assertNever } from '../shared/decider';
import { OrderCommand } from './commands';
import { issueCreditNote } from './credit-notes';
import { OrderEvent } from './events';
import { changeOrderDetails, draftOrder } from './header';
import { invoiceLines } from './invoicing';
import { cancelOrder, confirmOrder, discardDraft, lockOrder, sendOrder } from './lifecycle';
import { addLine, changeLine, removeLine } from './lines';
import { existing } from './preconditions';
import { deliverShipment, returnShipmentLines, shipLines } from './shipments';
import { OrderState } from './state';

// Specs and read-model tests compute due dates with the decider's own arithmetic.
export { addDays } from '../shared/calendar';

/**
 * The rules of domain.md "Sales orders", "Shipments" and "Invoices", one command at a time, each in the
 * file of its subject: header.ts, lines.ts, lifecycle.ts, shipments.ts, invoicing.ts, credit-notes.ts.
 * Every refusal is a DomainError with a stable code (docs/product-decisions.md lists them).
 */
export function decideOrder(command: OrderCommand, state: OrderState): OrderEvent[] {
  if (command.type === 'DraftOrder') return draftOrder(command.data, state);
  const order = existing(state, command.data.orderId);
  switch (command.type) {
    case 'ChangeOrderDetails':
      return changeOrderDetails(command.data, order);
    case 'AddLine':
      return addLine(command.data, order);
    case 'ChangeLine':
      return changeLine(command.data, order);
    case 'RemoveLine':
      return removeLine(command.data, order);
    case 'DiscardDraft':
      return discardDraft(command.data, order);
    case 'SendOrder':
      return sendOrder(order);
    case 'ConfirmOrder':
      return confirmOrder(command.data, order);
    case 'ShipLines':
      return shipLines(command.data, order);
    case 'DeliverShipment':
      return deliverShipment(command.data, order);
    case 'ReturnShipmentLines':
      return returnShipmentLines(command.data, order);
    case 'InvoiceLines':
      return invoiceLines(command.data, order);
    case 'IssueCreditNote':
      return issueCreditNote(command.data, order);
    case 'LockOrder':
      return lockOrder(order);
    case 'CancelOrder':
      return cancelOrder(command.data, order);
    default:
      return assertNever(command);
  }
}
