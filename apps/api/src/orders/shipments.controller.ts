import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { ExecuteOrderCommand, GetOrder, OrderResult } from '@ledgerline/application/orders/order.handlers';
import { ShipmentView, shipmentView } from '@ledgerline/application/orders/order-views';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { nameBasedUuid } from '@ledgerline/application/shared/ids';
import { uuidParam } from '../http/uuid-param';
import { LinesDto } from './order.dto';


/** Shipments of an order (domain.md "Shipments"): the warehouse's part of the order. */
@ApiTags('Sales orders')
@Controller('v1/orders/:id/shipments')
@ReadableBy('operations')
@WritableBy('warehouse')
export class ShipmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @CommandDocs()
  async ship(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Body() dto: LinesDto, @CommandCtx() context: HttpCommandContext): Promise<ShipmentView> {
    // With an Idempotency-Key the shipment id derives from it, so a retry after a crash finds its shipment.
    const shipmentId = context.idempotencyKey ? nameBasedUuid('shipment', context.actor, context.idempotencyKey) : randomUUID();
    const result: OrderResult = await this.commands.execute(
      new ExecuteOrderCommand({ type: 'ShipLines', data: { orderId: id, shipmentId, lines: dto.lines.map((l) => ({ ...l })) } }, context),
    );
    return shipmentView(id, shipmentId, result);
  }

  @Get(':shipmentId')
  @QueryDocs()
  async get(@Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string, @Param('shipmentId', uuidParam('SHIPMENT_NOT_FOUND', 'shipment')) shipmentId: string) {
    return shipmentView(id, shipmentId, await this.queries.execute(new GetOrder(id)));
  }

  @Post(':shipmentId/deliver')
  @HttpCode(200)
  @CommandDocs()
  async deliver(
    @Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string,
    @Param('shipmentId', uuidParam('SHIPMENT_NOT_FOUND', 'shipment')) shipmentId: string,
    @CommandCtx() context: HttpCommandContext,
  ): Promise<ShipmentView> {
    const result: OrderResult = await this.commands.execute(new ExecuteOrderCommand({ type: 'DeliverShipment', data: { orderId: id, shipmentId } }, context));
    return shipmentView(id, shipmentId, result);
  }

  @Post(':shipmentId/returns')
  @HttpCode(201)
  @CommandDocs()
  async returns(
    @Param('id', uuidParam('ORDER_NOT_FOUND', 'order')) id: string,
    @Param('shipmentId', uuidParam('SHIPMENT_NOT_FOUND', 'shipment')) shipmentId: string,
    @Body() dto: LinesDto,
    @CommandCtx() context: HttpCommandContext,
  ): Promise<ShipmentView> {
    const result: OrderResult = await this.commands.execute(
      new ExecuteOrderCommand({ type: 'ReturnShipmentLines', data: { orderId: id, shipmentId, lines: dto.lines.map((l) => ({ ...l })) } }, context),
    );
    return shipmentView(id, shipmentId, result);
  }
}
