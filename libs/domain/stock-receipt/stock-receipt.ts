import { Decider, assertNever } from '../shared/decider';
import { DomainError, NotFoundError } from '../shared/domain-error';
import { Money, moneyField } from '../shared/money';
import { Quantity, quantityField } from '../shared/quantity';
import { ProductKind } from '../product/product';

/**
 * A stock receipt (domain.md "Products"): goods in, at a unit cost. Its own stream, so receipts of one sku
 * never contend; the stock projection re-averages the cost in log order.
 */
export const stockReceiptStream = (receiptId: string): string => `stockReceipt-${receiptId}`;

export interface StockReceivedData {
  receiptId: string;
  sku: string;
  quantity: Quantity;
  unitCost: Money;
  currency: string;
}

export type StockReceiptEvent = { type: 'StockReceived'; data: StockReceivedData };

/** `product` is looked up by the handler: deciders read facts from the command, never from a store. */
export type StockReceiptCommand = {
  type: 'ReceiveStock';
  data: StockReceivedData & { product: { kind: ProductKind } | null };
};

export type StockReceiptState = { status: 'none' } | ({ status: 'received' } & StockReceivedData);

export const stockReceiptDecider: Decider<StockReceiptState, StockReceiptCommand, StockReceiptEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'ReceiveStock': {
        const { product, ...receipt } = command.data;
        if (state.status !== 'none') throw new DomainError('RECEIPT_EXISTS', `Stock receipt ${receipt.receiptId} already exists`);
        if (product === null) throw new NotFoundError('PRODUCT_NOT_FOUND', `No product with sku ${receipt.sku}`);
        if (product.kind !== 'stocked') {
          throw new DomainError('PRODUCT_NOT_STOCKED', `Product ${receipt.sku} is a service: services never touch stock`);
        }
        return [{ type: 'StockReceived', data: { ...receipt, quantity: quantityField('quantity', receipt.quantity), unitCost: moneyField('unitCost', receipt.unitCost, receipt.currency) } }];
      }
      default:
        return assertNever(command.type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'StockReceived':
        return { status: 'received', ...event.data };
      default:
        return assertNever(event.type);
    }
  },
};
