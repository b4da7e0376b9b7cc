import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetInvoiceHandler, InvoiceOrderLinesHandler } from '@ledgerline/application/invoices/invoice.handlers';
import { GetCreditNoteHandler, IssueCreditNoteHandler } from '@ledgerline/application/invoices/credit-note.handlers';
import { CreditNoteFlow } from '@ledgerline/application/invoices/credit-note-flow';
import { CreditNoteNumbering, InvoiceNumbering } from '@ledgerline/application/invoices/document-numbering';
import { DocumentNumberingSweeper } from '@ledgerline/application/invoices/document-numbering.sweeper';
import { IssuedInvoices } from '@ledgerline/application/invoices/issued-invoices';
import { ApplyCreditHandler, ReceivePaymentHandler } from '@ledgerline/application/payments/payment.handlers';
import {
  AddOrderLineHandler,
  ConfirmOrderHandler,
  DraftOrderHandler,
  GetOrderHandler,
  GetOrderHistoryHandler,
  OrderCommandHandler,
} from '@ledgerline/application/orders/order.handlers';
import { CustomerReferenceClaims } from '@ledgerline/application/orders/customer-reference-claims';
import { InvoicesController } from '../invoices/invoices.controller';
import { PaymentsController } from '../payments/payments.controller';
import { OrdersController } from './orders.controller';
import { ShipmentsController } from './shipments.controller';

/**
 * Sales orders with their shipments, invoices and credit notes, and the customer accounts that payments
 * settle (ADR 0007): controllers by who uses them.
 */
@Module({
  imports: [CqrsModule],
  controllers: [OrdersController, ShipmentsController, InvoicesController, PaymentsController],
  providers: [
    DraftOrderHandler,
    CustomerReferenceClaims,
    AddOrderLineHandler,
    ConfirmOrderHandler,
    OrderCommandHandler,
    GetOrderHandler,
    GetOrderHistoryHandler,
    InvoiceOrderLinesHandler,
    GetInvoiceHandler,
    InvoiceNumbering,
    DocumentNumberingSweeper,
    IssuedInvoices,
    CreditNoteNumbering,
    CreditNoteFlow,
    IssueCreditNoteHandler,
    GetCreditNoteHandler,
    ReceivePaymentHandler,
    ApplyCreditHandler,
  ],
  exports: [InvoiceNumbering],
})
export class OrdersModule {}
