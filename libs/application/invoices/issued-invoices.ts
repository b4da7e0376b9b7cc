import { Injectable } from '@nestjs/common';
import { InvoiceFacts } from '../../domain/customer-account/commands';
import { orderStream } from '../../domain/sales-order/events';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { BASE_RATE } from '../../domain/shared/exchange';
import { AggregateStore } from '../shared/aggregate-store';
import { InvoiceNumbering } from './document-numbering';
import { OrderEventData, findOrderEvent } from './stored-order-event';

export type IssuedInvoice = OrderEventData<'InvoiceIssued'>;

export interface FoundInvoice {
  invoice: IssuedInvoice;
  number: string;
  /** Position of the `InvoiceIssued` event. */
  issuedPosition: string;
  facts: InvoiceFacts;
}

/**
 * Issued invoices as read from the log: the invoice's own stream names its order and number, the order
 * holds the `InvoiceIssued` event. Everything read here is fixed once issued, so it is safe to read just
 * before a decision on another stream (ADR 0007).
 */
@Injectable()
export class IssuedInvoices {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly numbering: InvoiceNumbering,
  ) {}

  async find(invoiceId: string): Promise<FoundInvoice | null> {
    const record = await this.numbering.numberOf(invoiceId);
    if (!record) return null;
    const { events } = await this.aggregates.load(orderDecider, orderStream(record.orderId));
    const issued = findOrderEvent(events, 'InvoiceIssued', (data) => data.invoiceId === invoiceId);
    if (!issued) return null;
    const invoice: IssuedInvoice = issued.data;
    return { invoice, number: record.number, issuedPosition: issued.position, facts: invoiceFacts(invoice, record.number) };
  }

  /** Facts of each invoice id (exists: false for an unknown one), each read once. */
  async facts(invoiceIds: readonly string[]): Promise<Map<string, InvoiceFacts>> {
    const unique = [...new Set(invoiceIds)];
    const found = await Promise.all(unique.map((id) => this.find(id)));
    return new Map(unique.map((id, i) => [id, found[i]?.facts ?? missingInvoice(id)]));
  }
}

/** An invoice's fixed facts. */
export function invoiceFacts(invoice: IssuedInvoice, number: string | null): InvoiceFacts {
  return {
    invoiceId: invoice.invoiceId,
    exists: true,
    customerId: invoice.customerId,
    orderId: invoice.orderId,
    number,
    currency: invoice.currency,
    exchangeRate: invoice.exchangeRate,
    baseCurrency: invoice.baseCurrency,
    gross: invoice.totals.gross,
    baseGross: invoice.baseTotals.gross,
    dueDate: invoice.dueDate,
  };
}

export const missingInvoice = (invoiceId: string): InvoiceFacts => ({
  invoiceId,
  exists: false,
  customerId: '',
  orderId: '',
  number: null,
  currency: '',
  exchangeRate: BASE_RATE,
  baseCurrency: '',
  gross: '0',
  baseGross: '0',
  dueDate: '',
});
