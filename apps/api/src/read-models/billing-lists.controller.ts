import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { INVOICE_LIST_STATUSES, listCreditNotes, listInvoices, listPayments } from '@ledgerline/projections/receivables/billing-lists.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { booleanFlag, calendarDate, cursor, limit, matching, oneOf, position, readQuery, uuid } from '../http/query-params';
import { PROJECTION_HOST } from './projection-host.provider';
import { dateRange, pagedRead } from './paged-read';
import { readAfter } from './read-after';

const DATED = { customerId: uuid, from: calendarDate, to: calendarDate, limit: limit(500), cursor, after: position };

/**
 * Invoices, credit notes and payments as accounting finds them (api.md part two "Lists and search"), from
 * the receivables projection: newest first by document date.
 */
@ApiTags('Read models')
@Controller('v1')
@ReadableBy('billing')
export class BillingListsController {
  constructor(@Inject(PROJECTION_HOST) private readonly host: ProjectionHost) {}

  @Get('invoices')
  @QueryDocs()
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: INVOICE_LIST_STATUSES })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'], description: 'Unpaid and past the due date today (UTC)' })
  @ApiQuery({ name: 'number', required: false, description: 'The invoice number, whole' })
  @ApiQuery({ name: 'from', required: false, description: 'First invoice date (inclusive)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last invoice date (inclusive)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{invoices: [...], next}: newest invoice date first' })
  async invoices(@Query() query: Record<string, unknown>) {
    const q = dateRange(
      readQuery(query, { ...DATED, status: oneOf(INVOICE_LIST_STATUSES), overdue: booleanFlag, number: matching(/^[A-Z]{2,5}-\d{4}-\d{6}$/, 'an invoice number such as INV-2026-000123') }),
    );
    await readAfter(this.host, 'receivables', q.after);
    return pagedRead(() => listInvoices(this.host.dataSource('receivables'), { ...q, today: new Date().toISOString().slice(0, 10) }));
  }

  @Get('credit-notes')
  @QueryDocs()
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'First credit date (inclusive)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last credit date (inclusive)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{creditNotes: [...], next}: newest credit date first' })
  async creditNotes(@Query() query: Record<string, unknown>) {
    const q = dateRange(readQuery(query, DATED));
    await readAfter(this.host, 'receivables', q.after);
    return pagedRead(() => listCreditNotes(this.host.dataSource('receivables'), q));
  }

  @Get('payments')
  @QueryDocs()
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'First day received (inclusive)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last day received (inclusive)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'Answer only once the read model has applied this position' })
  @ApiOkResponse({ description: '{payments: [...], next}: newest first' })
  async payments(@Query() query: Record<string, unknown>) {
    const q = dateRange(readQuery(query, DATED));
    await readAfter(this.host, 'receivables', q.after);
    return pagedRead(() => listPayments(this.host.dataSource('receivables'), q));
  }
}
