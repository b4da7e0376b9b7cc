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
import { PROJECTION_HOST } from './projection-host.provider';
import { readAfter } from './read-after';

const PROJECTION = 'receivables';
const AFTER = { name: 'after', required: false, description: 'Answer only once the read model has applied this position (waits up to 5 s, then 503)' };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  async customer(@Param('id') id: string, @Query() query: Record<string, string>) {
    onlyParameters(query, ['after']);
    await readAfter(this.host, PROJECTION, query.after);
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
  async aging(@Query() query: Record<string, string>) {
    onlyParameters(query, ['asOf', 'after']);
    const asOf = query.asOf === undefined ? todayUtc() : isoDate(query.asOf);
    await readAfter(this.host, PROJECTION, query.after);
    return aging(this.host.dataSource(PROJECTION), asOf);
  }
}

const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** A calendar date that exists ('2026-02-30' does not). */
function isoDate(text: unknown): string {
  const match = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  const [year, month, day] = (match ?? []).slice(1).map(Number);
  const date = match ? new Date(Date.UTC(year, month - 1, day)) : null;
  if (!date || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw invalid('asOf', 'an ISO date such as 2026-11-23');
  }
  return text as string;
}

function onlyParameters(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalid(unknown, 'unknown parameter');
  // ?after=a&after=b arrives as an array: one position only.
  const repeated = allowed.find((key) => Array.isArray(query[key]));
  if (repeated !== undefined) throw invalid(repeated, 'give it once');
}

const invalid = (field: string, message: string) => new Problem(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
