import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetStockReceipt, ReceiveStock, StockReceiptView } from '@ledgerline/application/stock/stock-receipt.handlers';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { Problem } from '../http/problem';
import { ReceiveStockDto, StockReceiptResponse } from './stock-receipt.dto';

@ApiTags('Master data')
@Controller('v1/stock/receipts')
@ReadableBy('operations')
@WritableBy('warehouse')
export class StockController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: StockReceiptResponse })
  receive(@Body() dto: ReceiveStockDto, @CommandCtx() context: HttpCommandContext): Promise<StockReceiptView> {
    const receiptId = newResourceId('stock-receipt', context);
    return this.commands.execute(new ReceiveStock({ receiptId, sku: dto.sku, quantity: dto.quantity, unitCost: dto.unitCost }, context));
  }

  @Get(':id')
  @QueryDocs()
  @ApiOkResponse({ type: StockReceiptResponse })
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => new Problem(404, 'RECEIPT_NOT_FOUND', 'No such stock receipt') })) id: string) {
    return this.queries.execute(new GetStockReceipt(id));
  }
}
