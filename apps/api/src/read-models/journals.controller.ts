import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { journalEntries, trialBalance } from '@ledgerline/projections/journals/journals.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { journalFilter, MAX_JOURNAL_LIMIT, trialBalanceParams } from './journals.query-params';
import { PROJECTION_HOST } from './projection-host.provider';
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
  @ApiQuery(AFTER)
  @ApiOkResponse({ description: '[{entryId, date, sourceType, sourceId, orderId, currency, description, position, lines: [{account, debit, credit}]}] by date, then log order' })
  async journals(@Query() query: Record<string, unknown>) {
    const { after, ...filter } = journalFilter(query);
    await readAfter(this.host, 'journals', after);
    return journalEntries(this.host.dataSource('journals'), filter);
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
