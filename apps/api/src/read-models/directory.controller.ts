import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { listCustomers, listProducts } from '@ledgerline/projections/directory/directory.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { booleanFlag, cursor, limit, oneOf, position, readQuery, searchText, uuid } from '../http/query-params';
import { PROJECTION_HOST } from './projection-host.provider';
import { pagedRead } from './paged-read';
import { readAfter } from './read-after';

const PAGING = { limit: limit(500), cursor, after: position };

/** Customers and products as an operator finds them, from the directory projection (api.md part two "Lists and search"). */
@ApiTags('Read models')
@Controller('v1')
@ReadableBy('operations')
export class DirectoryController {
  constructor(@Inject(PROJECTION_HOST) private readonly host: ProjectionHost) {}

  @Get('customers')
  @QueryDocs()
  @ApiQuery({ name: 'q', required: false, description: 'Case-insensitive part of the name, email, or a contact’s name, email or phone' })
  @ApiQuery({ name: 'blocked', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'salespersonId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{customers: [...], next}: alphabetical by name' })
  async customers(@Query() query: Record<string, unknown>) {
    const q = readQuery(query, { q: searchText, blocked: booleanFlag, salespersonId: uuid, ...PAGING });
    await readAfter(this.host, 'directory', q.after);
    return pagedRead(() => listCustomers(this.host.dataSource('directory'), q));
  }

  @Get('products')
  @QueryDocs()
  @ApiQuery({ name: 'q', required: false, description: 'Case-insensitive part of the sku or name' })
  @ApiQuery({ name: 'kind', required: false, enum: ['stocked', 'service'] })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'supplierId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{products: [...], next}: by sku' })
  async products(@Query() query: Record<string, unknown>) {
    const q = readQuery(query, { q: searchText, kind: oneOf(['stocked', 'service'] as const), active: booleanFlag, supplierId: uuid, ...PAGING });
    await readAfter(this.host, 'directory', q.after);
    return pagedRead(() => listProducts(this.host.dataSource('directory'), q));
  }
}
