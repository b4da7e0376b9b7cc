import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ExecuteProductCommand, GetProduct, ProductView } from '@ledgerline/application/products/product.handlers';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { Problem } from '../http/problem';
import { instant, readQuery } from '../http/query-params';
import { CreateProductDto, ProductResponse, SKU_PATTERN, UpdateProductDto } from './product.dto';

@ApiTags('Master data')
@Controller('v1/products')
@ReadableBy('operations')
@WritableBy('sales')
export class ProductsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: ProductResponse })
  create(@Body() dto: CreateProductDto, @CommandCtx() context: HttpCommandContext): Promise<ProductView> {
    return this.commands.execute(
      new ExecuteProductCommand(
        {
          type: 'CreateProduct',
          data: {
            sku: dto.sku,
            name: dto.name,
            kind: dto.kind,
            currency: this.config.BASE_CURRENCY,
            unitPrice: dto.unitPrice,
            taxRate: dto.taxRate,
            unitCost: dto.unitCost ?? null,
          },
        },
        context,
      ),
    );
  }

  @Get(':sku')
  @QueryDocs()
  @ApiQuery({ name: 'asOf', required: false, description: 'The product as it stood at this instant (ISO 8601): its price, tax and flags then' })
  @ApiOkResponse({ type: ProductResponse })
  get(@Param('sku') sku: string, @Query() query: Record<string, unknown>): Promise<ProductView> {
    const { asOf } = readQuery(query, { asOf: instant });
    if (!SKU_PATTERN.test(sku)) throw notFound(sku);
    return this.queries.execute(new GetProduct(sku, asOf));
  }

  /** Changes apply to lines added from now on; lines already on quotes, orders and invoices keep theirs. */
  @Patch(':sku')
  @CommandDocs()
  @ApiOkResponse({ type: ProductResponse })
  update(@Param('sku') sku: string, @Body() dto: UpdateProductDto, @CommandCtx() context: HttpCommandContext): Promise<ProductView> {
    if (!SKU_PATTERN.test(sku)) throw notFound(sku);
    const { active, ...changes } = dto;
    if (Object.values(dto).every((value) => value === undefined)) {
      throw new Problem(400, 'VALIDATION_FAILED', 'Send at least one field to change', [{ field: '', message: 'empty patch' }]);
    }
    return this.commands.execute(new ExecuteProductCommand({ type: 'UpdateProduct', data: { sku, changes, active } }, context));
  }
}

/** A text that is no sku names no product: 404, like any unknown sku. */
function notFound(sku: string): Problem {
  return new Problem(404, 'PRODUCT_NOT_FOUND', `No product with sku ${sku}`);
}
