import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProductCommand, ProductState, productDecider, productStream } from '../../domain/product/product';
import { NotFoundError } from '../../domain/shared/domain-error';
import { AggregateStore, Current } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';

export function productView(sku: string, { state, version, position }: Current<ProductState>) {
  if (state.status === 'none') throw new NotFoundError('PRODUCT_NOT_FOUND', `No product with sku ${sku}`);
  const { status: _status, ...details } = state;
  return { ...details, version, position };
}
export type ProductView = ReturnType<typeof productView>;

export class ExecuteProductCommand {
  constructor(
    readonly command: ProductCommand,
    readonly context: CommandContext,
  ) {}
}

export class GetProduct {
  constructor(readonly sku: string) {}
}

@CommandHandler(ExecuteProductCommand)
export class ProductCommandHandler implements ICommandHandler<ExecuteProductCommand, ProductView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ command, context }: ExecuteProductCommand): Promise<ProductView> {
    const { sku } = command.data;
    return productView(sku, await this.aggregates.execute(productDecider, productStream(sku), command, context));
  }
}

@QueryHandler(GetProduct)
export class GetProductHandler implements IQueryHandler<GetProduct, ProductView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ sku }: GetProduct): Promise<ProductView> {
    return productView(sku, await this.aggregates.load(productDecider, productStream(sku)));
  }
}
