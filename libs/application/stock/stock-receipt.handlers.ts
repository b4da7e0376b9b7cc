import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { productDecider, productStream } from '../../domain/product/product';
import { NotFoundError } from '../../domain/shared/domain-error';
import { Quantity } from '../../domain/shared/quantity';
import { StockReceiptState, stockReceiptDecider, stockReceiptStream } from '../../domain/stock-receipt/stock-receipt';
import { AggregateStore, Current } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';

export function stockReceiptView(receiptId: string, { state, version, position }: Current<StockReceiptState>) {
  if (state.status === 'none') throw new NotFoundError('RECEIPT_NOT_FOUND', `No stock receipt ${receiptId}`);
  const { receiptId: id, sku, quantity, unitCost, currency } = state;
  return { id, sku, quantity, unitCost, currency, version, position };
}
export type StockReceiptView = ReturnType<typeof stockReceiptView>;

export class ReceiveStock {
  constructor(
    readonly receipt: { receiptId: string; sku: string; quantity: Quantity; unitCost: string },
    readonly context: CommandContext,
  ) {}
}

export class GetStockReceipt {
  constructor(readonly receiptId: string) {}
}

/** Looks the product up first: its kind decides whether stock may be received (a fact on the command). */
@CommandHandler(ReceiveStock)
export class ReceiveStockHandler implements ICommandHandler<ReceiveStock, StockReceiptView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ receipt, context }: ReceiveStock): Promise<StockReceiptView> {
    const { state: product } = await this.aggregates.current(productDecider, productStream(receipt.sku));
    const result = await this.aggregates.execute(
      stockReceiptDecider,
      stockReceiptStream(receipt.receiptId),
      {
        type: 'ReceiveStock',
        data: {
          ...receipt,
          currency: product.status === 'none' ? '' : product.currency,
          product: product.status === 'none' ? null : { kind: product.kind },
        },
      },
      context,
    );
    return stockReceiptView(receipt.receiptId, result);
  }
}

@QueryHandler(GetStockReceipt)
export class GetStockReceiptHandler implements IQueryHandler<GetStockReceipt, StockReceiptView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ receiptId }: GetStockReceipt): Promise<StockReceiptView> {
    return stockReceiptView(receiptId, await this.aggregates.load(stockReceiptDecider, stockReceiptStream(receiptId)));
  }
}
