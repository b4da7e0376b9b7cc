import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  AddOrderLine,
  ConfirmOrder,
  DraftOrder,
  ExecuteOrderCommand,
  GetOrder,
  GetOrderHistory,
  OrderResult,
} from '@ledgerline/application/orders/order.handlers';
import { OrderView, historyEntry, orderView } from '@ledgerline/application/orders/order-views';
import type { OrderDetailChanges } from '@ledgerline/domain/sales-order/commands';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { StoredEvent } from '@ledgerline/event-store/port';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { type AuthenticatedRequest, ReadableBy, WritableBy, hasPermission } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { Problem } from '../http/problem';
import { instant, invalidQuery, readQuery, version } from '../http/query-params';
import { uuidParam } from '../http/uuid-param';
import { ChangeLineDto, ConfirmDto, CreateOrderDto, OrderLineDto, ReasonDto, UpdateOrderDto } from './order.dto';

/** api.md "Sales orders": drafting, lines, the state table, history and time travel. */
@ApiTags('Sales orders')
@Controller('v1/orders')
@ReadableBy('operations')
@WritableBy('sales')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ description: 'The draft order' })
  async create(@Body() dto: CreateOrderDto, @CommandCtx() context: HttpCommandContext): Promise<OrderView> {
    const orderId = newResourceId('order', context);
    const result: OrderResult = await this.commands.execute(
      new DraftOrder(
        {
          orderId,
          customerId: dto.customerId,
          orderType: dto.type ?? 'standard',
          currency: dto.currency,
          requestedDeliveryDate: dto.requestedDeliveryDate ?? null,
          customerReference: dto.customerReference ?? null,
          channel: dto.channel ?? 'manual',
          shippingAddress: dto.shippingAddress ? { ...dto.shippingAddress } : null,
          invoicePolicy: dto.invoicePolicy ?? null,
          ...(dto.exchangeRate === undefined ? {} : { exchangeRate: dto.exchangeRate }),
          lines: dto.lines.map((line) => ({ ...line, lineId: randomUUID() })),
        },
        context,
      ),
    );
    return orderView(orderId, result);
  }

  @Get(':id')
  @QueryDocs()
  @ApiQuery({ name: 'version', required: false, description: 'The order as it stood after event N (0-based)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'The order as it stood at this instant (ISO 8601)' })
  @ApiOkResponse({ description: 'The order' })
  async get(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Query() query: Record<string, unknown>): Promise<OrderView> {
    const at = readQuery(query, { version, asOf: instant });
    if (at.version !== undefined && at.asOf !== undefined) throw invalidQuery('asOf', 'give either version or asOf, not both');
    const loaded: OrderResult = await this.queries.execute(new GetOrder(id, at));
    if (at.version !== undefined && loaded.version < at.version) {
      throw new Problem(404, 'VERSION_NOT_FOUND', `Order ${id} has no version ${at.version} (it is at ${loaded.version})`);
    }
    return orderView(id, loaded);
  }

  @Patch(':id')
  @CommandDocs()
  @ApiOkResponse({ description: 'The order with its new header (draft only; a sent order returns to draft)' })
  changeDetails(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() dto: UpdateOrderDto, @CommandCtx() context: HttpCommandContext) {
    const { shippingAddress, billingAddress, ...rest } = dto;
    const changes: OrderDetailChanges = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    if (shippingAddress !== undefined) changes.shippingAddress = shippingAddress && { ...shippingAddress };
    if (billingAddress !== undefined) changes.billingAddress = billingAddress && { ...billingAddress };
    if (Object.keys(changes).length === 0) {
      throw new Problem(400, 'VALIDATION_FAILED', 'Send at least one field to change', [{ field: '', message: 'empty patch' }]);
    }
    return this.run(id, { type: 'ChangeOrderDetails', data: { orderId: id, changes } }, context);
  }

  @Get(':id/history')
  @QueryDocs()
  @ApiOkResponse({ description: 'Every event of the order with who, when and why' })
  async history(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string) {
    const events: StoredEvent[] = await this.queries.execute(new GetOrderHistory(id));
    return events.map(historyEntry);
  }

  @Post(':id/lines')
  @HttpCode(201)
  @CommandDocs()
  async addLine(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() dto: OrderLineDto, @CommandCtx() context: HttpCommandContext) {
    return orderView(id, await this.commands.execute(new AddOrderLine(id, { ...dto, lineId: randomUUID() }, context)));
  }

  @Patch(':id/lines/:lineId')
  @CommandDocs()
  async changeLine(
    @Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string,
    @Param('lineId', uuidParam('LINE_NOT_FOUND', 'line')) lineId: string,
    @Body() dto: ChangeLineDto,
    @CommandCtx() context: HttpCommandContext,
  ) {
    if (dto.quantity === undefined && dto.unitPrice === undefined && dto.discount === undefined) {
      throw new Problem(400, 'VALIDATION_FAILED', 'Send quantity, unitPrice or discount', [{ field: '', message: 'empty change' }]);
    }
    return this.run(id, { type: 'ChangeLine', data: { orderId: id, lineId, ...dto } }, context);
  }

  @Delete(':id/lines/:lineId')
  @CommandDocs()
  removeLine(
    @Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string,
    @Param('lineId', uuidParam('LINE_NOT_FOUND', 'line')) lineId: string,
    @CommandCtx() context: HttpCommandContext,
  ) {
    return this.run(id, { type: 'RemoveLine', data: { orderId: id, lineId } }, context);
  }

  @Delete(':id')
  @CommandDocs()
  @ApiOkResponse({ description: 'The discarded draft (status "discarded")' })
  discard(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @CommandCtx() context: HttpCommandContext) {
    return this.run(id, { type: 'DiscardDraft', data: { orderId: id } }, context);
  }

  @Post(':id/send')
  @HttpCode(200)
  @CommandDocs()
  send(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() _dto: ReasonDto, @CommandCtx() context: HttpCommandContext) {
    return this.run(id, { type: 'SendOrder', data: { orderId: id } }, context);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @CommandDocs()
  async confirm(
    @Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string,
    @Body() dto: ConfirmDto,
    @Req() request: AuthenticatedRequest,
    @CommandCtx() context: HttpCommandContext,
  ) {
    if (dto.overrideCreditLimit && !hasPermission(request.principal, 'credit-override')) {
      throw new Problem(403, 'CREDIT_OVERRIDE_FORBIDDEN', 'Confirming past the credit limit needs the credit-override permission');
    }
    const override = dto.overrideCreditLimit ? { by: context.actor, reason: dto.reason ?? null } : null;
    return orderView(id, await this.commands.execute(new ConfirmOrder(id, this.config.BASE_CURRENCY, override, context)));
  }

  @Post(':id/lock')
  @HttpCode(200)
  @CommandDocs()
  lock(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() _dto: ReasonDto, @CommandCtx() context: HttpCommandContext) {
    return this.run(id, { type: 'LockOrder', data: { orderId: id } }, context);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @CommandDocs()
  cancel(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() dto: ReasonDto, @CommandCtx() context: HttpCommandContext) {
    return this.run(id, { type: 'CancelOrder', data: { orderId: id, reason: dto.reason } }, context);
  }

  private async run(id: string, command: ExecuteOrderCommand['command'], context: HttpCommandContext): Promise<OrderView> {
    return orderView(id, await this.commands.execute(new ExecuteOrderCommand(command, context)));
  }
}
