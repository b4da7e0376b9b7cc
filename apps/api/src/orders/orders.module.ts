import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetInvoiceHandler, InvoiceOrderLinesHandler } from '@ledgerline/application/invoices/invoice.handlers';
import { InvoiceNumbering } from '@ledgerline/application/invoices/invoice-numbering';
import { InvoiceNumberingSweeper } from '@ledgerline/application/invoices/invoice-numbering.sweeper';
import {
  AddOrderLineHandler,
  ConfirmOrderHandler,
  DraftOrderHandler,
  GetOrderHandler,
  GetOrderHistoryHandler,
  OrderCommandHandler,
} from '@ledgerline/application/orders/order.handlers';
import { InvoicesController } from '../invoices/invoices.controller';
import { OrdersController } from './orders.controller';
import { ShipmentsController } from './shipments.controller';

/** Sales orders with their shipments and invoices: one aggregate, three controllers by who uses them. */
@Module({
  imports: [CqrsModule],
  controllers: [OrdersController, ShipmentsController, InvoicesController],
  providers: [
    DraftOrderHandler,
    AddOrderLineHandler,
    ConfirmOrderHandler,
    OrderCommandHandler,
    GetOrderHandler,
    GetOrderHistoryHandler,
    InvoiceOrderLinesHandler,
    GetInvoiceHandler,
    InvoiceNumbering,
    InvoiceNumberingSweeper,
  ],
  exports: [InvoiceNumbering],
})
export class OrdersModule {}
