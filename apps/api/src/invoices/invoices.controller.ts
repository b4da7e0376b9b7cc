import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { GetInvoice, InvoiceOrderLines, InvoiceView } from '@ledgerline/application/invoices/invoice.handlers';
import { CreditNoteView, GetCreditNote, IssueCreditNote } from '@ledgerline/application/invoices/credit-note.handlers';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { uuidParam } from '../http/uuid-param';
import { CreditNoteDto, InvoiceLinesDto } from '../orders/order.dto';

/** Invoicing an order, correcting an invoice by credit notes (accounting), and reading both back from the log. */
@ApiTags('Invoices')
@Controller('v1')
@ReadableBy('billing')
@WritableBy('accounting')
export class InvoicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('orders/:id/invoices')
  @HttpCode(201)
  @CommandDocs()
  invoice(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() dto: InvoiceLinesDto, @CommandCtx() context: HttpCommandContext): Promise<InvoiceView> {
    const invoiceId = newResourceId('invoice', context);
    return this.commands.execute(
      new InvoiceOrderLines(id, invoiceId, dto.lines.map((l) => ({ ...l })), dto.invoiceDate, dto.exchangeRate, this.config.BASE_CURRENCY, context),
    );
  }

  @Get('invoices/:id')
  @QueryDocs()
  get(@Param('id', uuidParam('INVOICE_NOT_FOUND', 'invoice')) id: string): Promise<InvoiceView> {
    return this.queries.execute(new GetInvoice(id, new Date().toISOString().slice(0, 10)));
  }

  @Post('invoices/:id/credit-notes')
  @HttpCode(201)
  @CommandDocs()
  creditNote(@Param('id', uuidParam('INVOICE_NOT_FOUND', 'invoice')) id: string, @Body() dto: CreditNoteDto, @CommandCtx() context: HttpCommandContext): Promise<CreditNoteView> {
    const creditNoteId = newResourceId('creditNote', context);
    return this.commands.execute(
      new IssueCreditNote(id, creditNoteId, dto.lines.map((l) => ({ ...l })), dto.reason, dto.reopenBilling ?? false, dto.creditDate, context),
    );
  }

  @Get('credit-notes/:id')
  @QueryDocs()
  getCreditNote(@Param('id', uuidParam('CREDIT_NOTE_NOT_FOUND', 'credit note')) id: string): Promise<CreditNoteView> {
    return this.queries.execute(new GetCreditNote(id));
  }
}
