import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Lookups } from '@ledgerline/application/shared/lookups';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { stockLevel, stockLevels, stockMovements } from '@ledgerline/projections/stock/stock.queries';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { Problem } from '../http/problem';
import { position, readQuery } from '../http/query-params';
import { SKU_PATTERN } from '../products/product.dto';
import { PROJECTION_HOST } from './projection-host.provider';
import { readAfter } from './read-after';

const AFTER = { name: 'after', required: false, description: 'Answer only once the read model has applied this position (waits up to 5 s, then 503)' };

/** Stock levels from the stock projection (api.md "Read models"). */
@ApiTags('Read models')
@Controller('v1/stock')
@ReadableBy('operations')
export class StockLevelsController {
  constructor(
    @Inject(PROJECTION_HOST) private readonly host: ProjectionHost,
    private readonly lookups: Lookups,
  ) {}

  @Get()
  @QueryDocs()
  @ApiQuery(AFTER)
  @ApiOkResponse({ description: '[{sku, onHand, reserved, available, averageCost, value}] for every sku with stock activity' })
  async list(@Query() query: Record<string, unknown>) {
    await readAfter(this.host, 'stock', readQuery(query, { after: position }).after);
    return stockLevels(this.host.dataSource('stock'));
  }

  @Get(':sku')
  @QueryDocs()
  @ApiQuery(AFTER)
  @ApiOkResponse({ description: '{sku, onHand, reserved, available, averageCost, value}' })
  async get(@Param('sku') sku: string, @Query() query: Record<string, unknown>) {
    await readAfter(this.host, 'stock', readQuery(query, { after: position }).after);
    const level = SKU_PATTERN.test(sku) ? await stockLevel(this.host.dataSource('stock'), sku) : null;
    if (level) return level;
    // A stocked product with no movement yet has zero stock; anything else is unknown here.
    const product = SKU_PATTERN.test(sku) ? await this.lookups.product(sku) : null;
    if (product?.kind === 'stocked') return { sku, onHand: 0, reserved: 0, available: 0, averageCost: '0.000000', value: '0.00' };
    throw new Problem(404, 'PRODUCT_NOT_FOUND', `No stocked product with sku ${sku}`);
  }

  @Get(':sku/movements')
  @QueryDocs()
  @ApiQuery(AFTER)
  @ApiOkResponse({ description: 'Receipts, shipments and returns of the sku in log order, with running balances' })
  async movements(@Param('sku') sku: string, @Query() query: Record<string, unknown>) {
    await readAfter(this.host, 'stock', readQuery(query, { after: position }).after);
    return stockMovements(this.host.dataSource('stock'), sku);
  }
}
