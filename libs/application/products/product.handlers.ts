import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProductCommand, ProductState, productDecider, productStream } from '../../domain/product/product';
import { NotFoundError } from '../../domain/shared/domain-error';
import { AggregateStore, Current } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';

export function productView(sku: string, { state, version, position }: Current<ProductState>) {
  if (state.status === 'none') throw new NotFoundError('PRODUCT_NOT_FOUND', `No product with sku ${sku}`);
  const { status, ...details } = state;
  return { ...details, active: status === 'active', version, position };
}
export type ProductView = ReturnType<typeof productView>;

export class ExecuteProductCommand {
  constructor(
    readonly command: ProductCommand,
    readonly context: CommandContext,
  ) {}
}

/** The product now, or as it stood at an instant (its price then, say). */
export class GetProduct {
  constructor(
    readonly sku: string,
    readonly asOf?: Date,
  ) {}
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

  async execute({ sku, asOf }: GetProduct): Promise<ProductView> {
    if (asOf === undefined) return productView(sku, await this.aggregates.load(productDecider, productStream(sku)));
    const then = await this.aggregates.loadAsOf(productDecider, productStream(sku), asOf);
    if (then.version < 0 && then.existsNow) throw new NotFoundError('PRODUCT_NOT_FOUND', `Product ${sku} did not exist yet at ${asOf.toISOString()}`);
    return productView(sku, then);
  }
}
