import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ORDER_STATUSES } from '@ledgerline/domain/sales-order/state';
import { InvalidCursorError } from '@ledgerline/projections/orders/list-cursor';
import { listOrders } from '@ledgerline/projections/orders/orders.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { Problem } from '../http/problem';
import { PROJECTION_HOST } from './projection-host.provider';
import { readAfter } from './read-after';

/** The order list for dashboards, from the orders projection. `after` is read-your-writes; `cursor` pages. */
@ApiTags('Read models')
@Controller('v1/orders')
@ReadableBy('operations')
export class OrderListController {
  constructor(@Inject(PROJECTION_HOST) private readonly host: ProjectionHost) {}

  @Get()
  @QueryDocs()
  @ApiQuery({ name: 'status', required: false, enum: ORDER_STATUSES })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{orders: [...], next}: newest first' })
  async list(@Query() query: { status?: string; customerId?: string; limit?: string; cursor?: string; after?: string }) {
    const unknown = Object.keys(query).filter((key) => !['status', 'customerId', 'limit', 'cursor', 'after'].includes(key));
    if (unknown.length > 0) throw invalid(unknown[0], 'unknown parameter');
    if (query.status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(query.status)) throw invalid('status', `one of ${ORDER_STATUSES.join(', ')}`);
    if (query.limit !== undefined && !/^([1-9]\d{0,2})$/.test(query.limit)) throw invalid('limit', 'a whole number from 1 to 500');
    if (query.limit !== undefined && Number(query.limit) > 500) throw invalid('limit', 'a whole number from 1 to 500');
    await readAfter(this.host, 'orders', query.after);
    try {
      return await listOrders(this.host.dataSource('orders'), {
        status: query.status as (typeof ORDER_STATUSES)[number] | undefined,
        customerId: query.customerId,
        limit: query.limit === undefined ? undefined : Number(query.limit),
        after: query.cursor,
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalid('cursor', 'not a cursor from this list');
      throw error;
    }
  }
}

const invalid = (field: string, message: string) => new Problem(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
