import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { GetInvoice, InvoiceOrderLines, InvoiceView } from '@ledgerline/application/invoices/invoice.handlers';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { uuidParam } from '../http/uuid-param';
import { InvoiceLinesDto } from '../orders/order.dto';


/** Invoicing an order (accounting) and reading an invoice back from the log. */
@ApiTags('Invoices')
@Controller('v1')
@WritableBy('accounting')
export class InvoicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders/:id/invoices')
  @HttpCode(201)
  @CommandDocs()
  invoice(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() dto: InvoiceLinesDto, @CommandCtx() context: HttpCommandContext): Promise<InvoiceView> {
    const invoiceId = newResourceId('invoice', context);
    return this.commands.execute(new InvoiceOrderLines(id, invoiceId, dto.lines.map((l) => ({ ...l })), dto.invoiceDate, context));
  }

  @Get('invoices/:id')
  @QueryDocs()
  get(@Param('id', uuidParam('INVOICE_NOT_FOUND', 'invoice')) id: string): Promise<InvoiceView> {
    return this.queries.execute(new GetInvoice(id, new Date().toISOString().slice(0, 10)));
  }
}
