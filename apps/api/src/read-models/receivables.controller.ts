import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Lookups } from '@ledgerline/application/shared/lookups';
import { isUuid } from '@ledgerline/projections/orders/list-cursor';
import { aging, customerReceivables } from '@ledgerline/projections/receivables/receivables.queries';
import { emptyReceivables } from '@ledgerline/projections/receivables/receivables.views';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { Problem } from '../http/problem';
import { calendarDate, position, readQuery } from '../http/query-params';
import { PROJECTION_HOST } from './projection-host.provider';
import { readAfter } from './read-after';

const PROJECTION = 'receivables';
const AFTER = { name: 'after', required: false, description: 'Answer only once the read model has applied this position (waits up to 5 s, then 503)' };

/** A customer's open receivables and the aging report, from the receivables projection (api.md "Read models"). */
@ApiTags('Read models')
@Controller('v1/receivables')
@ReadableBy('billing')
export class ReceivablesController {
  constructor(
    @Inject(PROJECTION_HOST) private readonly host: ProjectionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lookups: Lookups,
  ) {}

  @Get('customers/:id')
  @QueryDocs()
  @ApiQuery(AFTER)
  @ApiOkResponse({
    description:
      '{customerId, currency, balance, unappliedCredit, openInvoices: [{invoiceId, number, dueDate, outstanding, daysOverdue, ...}], balances: [{currency, balance, ...}]}; balance is in the customer’s own currency',
  })
  async customer(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    await readAfter(this.host, PROJECTION, readQuery(query, { after: position }).after);
    // The customer's own currency is the main one; the log, not the read model, says whether it exists.
    const customer = isUuid(id) ? await this.lookups.customer(id) : null;
    if (!customer?.exists || customer.currency === null) throw new Problem(404, 'CUSTOMER_NOT_FOUND', `No customer ${id}`);
    const base = this.config.BASE_CURRENCY;
    const found = await customerReceivables(this.host.dataSource(PROJECTION), id, todayUtc(), customer.currency, base);
    return found ?? emptyReceivables(id, customer.currency, base);
  }

  @Get('aging')
  @QueryDocs()
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO date (YYYY-MM-DD); today (UTC) by default' })
  @ApiQuery(AFTER)
  @ApiOkResponse({ description: '{asOf, rows: [{customerId, currency, current, d1_30, d31_60, d61_90, d90_plus, total}], totals: [{currency, ...}]}' })
  async aging(@Query() query: Record<string, unknown>) {
    const q = readQuery(query, { asOf: calendarDate, after: position });
    await readAfter(this.host, PROJECTION, q.after);
    return aging(this.host.dataSource(PROJECTION), q.asOf ?? todayUtc());
  }
}

const todayUtc = (): string => new Date().toISOString().slice(0, 10);
