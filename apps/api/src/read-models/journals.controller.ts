import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { journalPage, trialBalance } from '@ledgerline/projections/journals/journals.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { journalFilter, MAX_JOURNAL_LIMIT, trialBalanceParams } from './journals.query-params';
import { PROJECTION_HOST } from './projection-host.provider';
import { pagedRead } from './paged-read';
import { readAfter } from './read-after';

const AFTER = { name: 'after', required: false, description: 'Answer only once the read model has applied this position (waits up to 5 s, then 503)' };
const DATE = 'YYYY-MM-DD, inclusive';

/** The general ledger from the journals projection (api.md "Read models"): journal entries and the trial balance. */
@ApiTags('Read models')
@Controller('v1')
@ReadableBy('ledger')
export class JournalsController {
  constructor(
    @Inject(PROJECTION_HOST) private readonly host: ProjectionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('journals')
  @QueryDocs()
  @ApiQuery({ name: 'from', required: false, description: `First document date, ${DATE}` })
  @ApiQuery({ name: 'to', required: false, description: `Last document date, ${DATE}` })
  @ApiQuery({ name: 'account', required: false, description: 'Entries with a line on this account code (whole entries are returned)' })
  @ApiQuery({ name: 'sourceId', required: false, description: 'Entries of one document: receipt, shipment (with its returns) or invoice id' })
  @ApiQuery({ name: 'currency', required: false, description: 'Entries in this currency only' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${MAX_JOURNAL_LIMIT}, default 1000 entries` })
  @ApiQuery({ name: 'cursor', required: false, description: 'The next page: the `cursor` of the `Link: <…>; rel="next"` header of the previous page' })
  @ApiQuery(AFTER)
  @ApiOkResponse({
    description:
      '[{entryId, date, sourceType, sourceId, orderId, currency, description, position, lines: [{account, debit, credit}]}] by date, then log order. A `Link` header with rel="next" names the next page when there is one',
  })
  async journals(@Query() query: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { after, ...filter } = journalFilter(query);
    await readAfter(this.host, 'journals', after);
    const page = await pagedRead(() => journalPage(this.host.dataSource('journals'), filter));
    // The body stays the array api.md part one defined; the next page is named the way RFC 8288 does.
    if (page.next !== null) response.setHeader('Link', `<${nextPageUrl(request, page.next)}>; rel="next"`);
    return page.entries;
  }

  @Get('reports/trial-balance')
  @QueryDocs()
  @ApiQuery({ name: 'asOf', required: false, description: `Entries dated on or before this day, ${DATE}; default: all` })
  @ApiQuery({ name: 'currency', required: false, description: 'The ledger currency to sum; default BASE_CURRENCY' })
  @ApiQuery(AFTER)
  @ApiOkResponse({ description: '{asOf, currency, accounts: [{code, name, debit, credit, balance}], totals: {debit, credit}}: every account of the chart' })
  async trialBalance(@Query() query: Record<string, unknown>) {
    const { after, asOf, currency } = trialBalanceParams(query);
    await readAfter(this.host, 'journals', after);
    return trialBalance(this.host.dataSource('journals'), { asOf, currency: currency ?? this.config.BASE_CURRENCY });
  }
}

/** This request's path and query with `cursor` set to the next page's (and nothing else changed). */
function nextPageUrl(request: Request, cursor: string): string {
  const url = new URL(request.originalUrl, 'http://placeholder');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
