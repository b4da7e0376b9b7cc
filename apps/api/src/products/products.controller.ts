import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ExecuteProductCommand, GetProduct, ProductView } from '@ledgerline/application/products/product.handlers';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { Problem } from '../http/problem';
import { CreateProductDto, ProductResponse, SKU_PATTERN } from './product.dto';

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
  @ApiOkResponse({ type: ProductResponse })
  get(@Param('sku') sku: string): Promise<ProductView> {
    if (!SKU_PATTERN.test(sku)) throw new Problem(404, 'PRODUCT_NOT_FOUND', `No product with sku ${sku}`);
    return this.queries.execute(new GetProduct(sku));
  }
}
