import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QuoteView } from '@ledgerline/application/quotes/quote-view';
import { ConvertQuote, ConvertedQuote, ExecuteQuoteCommand, GetQuote, QuoteRequest } from '@ledgerline/application/quotes/quote.handlers';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { Problem } from '../http/problem';
import { ChangeQuoteLineDto, ConvertQuoteResponse, CreateQuoteDto, QuoteLineDto, QuoteResponse } from './quote.dto';

/** An id that is not a UUID names nothing: 404, like any unknown id. */
const quoteId = () => new ParseUUIDPipe({ exceptionFactory: () => new Problem(404, 'QUOTE_NOT_FOUND', 'No such quote') });
const lineId = () => new ParseUUIDPipe({ exceptionFactory: () => new Problem(404, 'LINE_NOT_FOUND', 'No such line') });

@ApiTags('Quotes')
@Controller('v1/quotes')
@ReadableBy('operations')
@WritableBy('sales')
export class QuotesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: QuoteResponse })
  create(@Body() dto: CreateQuoteDto, @CommandCtx() context: HttpCommandContext): Promise<QuoteView> {
    const id = newResourceId('quote', context);
    // A keyed retry is answered from the first attempt's events (ADR 0011), its line ids with them: these need not repeat.
    const lines = dto.lines.map((line) => ({ ...lineFields(line), sku: line.sku, quantity: line.quantity, lineId: randomUUID() }));
    return this.run({ type: 'DraftQuote', quoteId: id, customerId: dto.customerId, currency: dto.currency ?? null, validUntil: dto.validUntil ?? null, lines }, context);
  }

  @Get(':id')
  @QueryDocs()
  @ApiOkResponse({ type: QuoteResponse })
  get(@Param('id', quoteId()) id: string): Promise<QuoteView> {
    return this.queries.execute(new GetQuote(id, new Date()));
  }

  @Post(':id/send')
  @HttpCode(200)
  @CommandDocs()
  @ApiOkResponse({ type: QuoteResponse })
  send(@Param('id', quoteId()) id: string, @CommandCtx() context: HttpCommandContext): Promise<QuoteView> {
    return this.run({ type: 'SendQuote', quoteId: id }, context);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @CommandDocs()
  @ApiOkResponse({ type: QuoteResponse })
  accept(@Param('id', quoteId()) id: string, @CommandCtx() context: HttpCommandContext): Promise<QuoteView> {
    return this.run({ type: 'AcceptQuote', quoteId: id }, context);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @CommandDocs()
  @ApiOkResponse({ type: QuoteResponse })
  decline(@Param('id', quoteId()) id: string, @CommandCtx() context: HttpCommandContext): Promise<QuoteView> {
    return this.run({ type: 'DeclineQuote', quoteId: id }, context);
  }

  @Post(':id/convert')
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: ConvertQuoteResponse, description: 'The draft order; a repeated convert returns the same order' })
  convert(@Param('id', quoteId()) id: string, @CommandCtx() context: HttpCommandContext): Promise<ConvertedQuote> {
    return this.commands.execute(new ConvertQuote(id, context));
  }

  @Post(':id/lines')
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: QuoteResponse })
  addLine(@Param('id', quoteId()) id: string, @Body() dto: QuoteLineDto, @CommandCtx() context: HttpCommandContext): Promise<QuoteView> {
    // Keyed, the line id derives from the key: even a retry not known as one (ADR 0011) cannot add it twice (LINE_EXISTS).
    const line = { ...lineFields(dto), sku: dto.sku, quantity: dto.quantity, lineId: newResourceId('quote-line', context) };
    return this.run({ type: 'AddQuoteLine', quoteId: id, line }, context);
  }

  @Patch(':id/lines/:lineId')
  @CommandDocs()
  @ApiOkResponse({ type: QuoteResponse })
  changeLine(
    @Param('id', quoteId()) id: string,
    @Param('lineId', lineId()) line: string,
    @Body() dto: ChangeQuoteLineDto,
    @CommandCtx() context: HttpCommandContext,
  ): Promise<QuoteView> {
    const changes = lineFields(dto);
    if (Object.keys(changes).length === 0) {
      throw new Problem(400, 'VALIDATION_FAILED', 'Send at least one of quantity, unitPrice, discount', [{ field: '', message: 'empty patch' }]);
    }
    return this.run({ type: 'ChangeQuoteLine', quoteId: id, lineId: line, ...changes }, context);
  }

  @Delete(':id/lines/:lineId')
  @CommandDocs()
  @ApiOkResponse({ type: QuoteResponse })
  removeLine(@Param('id', quoteId()) id: string, @Param('lineId', lineId()) line: string, @CommandCtx() context: HttpCommandContext): Promise<QuoteView> {
    return this.run({ type: 'RemoveQuoteLine', quoteId: id, lineId: line }, context);
  }

  private run(request: QuoteRequest, context: HttpCommandContext): Promise<QuoteView> {
    return this.commands.execute(new ExecuteQuoteCommand(request, context));
  }
}

/** Only the fields the caller sent: an absent price or discount means the default (or, in a PATCH, "keep"). */
function lineFields(dto: Partial<Pick<QuoteLineDto, 'quantity' | 'unitPrice' | 'discount'>>) {
  return {
    ...(dto.quantity !== undefined ? { quantity: dto.quantity } : {}),
    ...(dto.unitPrice !== undefined ? { unitPrice: dto.unitPrice } : {}),
    ...(dto.discount !== undefined ? { discount: dto.discount } : {}),
  };
}
