import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ORDER_CHANNELS, ORDER_TYPES } from '@ledgerline/domain/sales-order/events';
import { ORDER_STATUSES } from '@ledgerline/domain/sales-order/state';
import { listOrders } from '@ledgerline/projections/orders/orders.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { calendarDate, cursor, limit, matching, oneOf, position, readQuery, uuid } from '../http/query-params';
import { PROJECTION_HOST } from './projection-host.provider';
import { dateRange, pagedRead } from './paged-read';
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
  @ApiQuery({ name: 'type', required: false, enum: ORDER_TYPES })
  @ApiQuery({ name: 'channel', required: false, enum: ORDER_CHANNELS })
  @ApiQuery({ name: 'customerReference', required: false, description: "The customer's reference, whole, case-insensitive" })
  @ApiQuery({ name: 'from', required: false, description: 'First day drafted (UTC date, inclusive)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last day drafted (UTC date, inclusive)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{orders: [...], next}: newest first' })
  async list(@Query() query: Record<string, unknown>) {
    const q = readQuery(query, {
      status: oneOf(ORDER_STATUSES),
      customerId: uuid,
      type: oneOf(ORDER_TYPES),
      channel: oneOf(ORDER_CHANNELS),
      customerReference: matching(/^.{1,100}$/su, 'a customer reference of 1 to 100 characters'),
      from: calendarDate,
      to: calendarDate,
      limit: limit(500),
      cursor,
      after: position,
    });
    dateRange(q);
    await readAfter(this.host, 'orders', q.after);
    const { cursor: after, after: _position, ...filters } = q;
    return pagedRead(() => listOrders(this.host.dataSource('orders'), { ...filters, after }));
  }
}
