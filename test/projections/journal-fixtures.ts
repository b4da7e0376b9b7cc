import { randomUUID } from 'node:crypto';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { OrderCommand } from '@ledgerline/domain/sales-order/commands';
import { orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { stockReceiptDecider, stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { EventStore } from '@ledgerline/event-store/port';
import { orderToCash } from './stock-fixtures';

/**
 * What the ledger's tests need beyond stock-fixtures.ts: invoices on a chosen date that return their id,
 * receipts and orders in another currency. Same rule: every command goes through the real decider and
 * the real store.
 */
export function ledgerFixtures(store: EventStore, o2c: ReturnType<typeof orderToCash>) {
  const aggregates = new AggregateStore(store);
  const context = (): CommandContext => ({ actor: 'test', correlationId: randomUUID(), causationId: randomUUID(), receivedAt: new Date() });
  const onOrder = (orderId: string, command: OrderCommand) => aggregates.execute(orderDecider, orderStream(orderId), command, context());

  return {
    async invoiceOn(orderId: string, lines: readonly { lineId: string; quantity: number }[], invoiceDate: string): Promise<string> {
      const invoiceId = randomUUID();
      await onOrder(orderId, { type: 'InvoiceLines', data: { orderId, invoiceId, lines, invoiceDate, customer: await o2c.customer() } });
      return invoiceId;
    },

    /** A receipt in any currency (the api always receives in the base currency). */
    async receiveIn(sku: string, quantity: number, unitCost: string, currency: string): Promise<string> {
      const receiptId = randomUUID();
      await aggregates.execute(
        stockReceiptDecider,
        stockReceiptStream(receiptId),
        { type: 'ReceiveStock', data: { receiptId, sku, quantity, unitCost, currency, product: { kind: 'stocked' } } },
        context(),
      );
      return receiptId;
    },

    /** A confirmed order in `currency`, its lines at explicit prices (the fixtures' products are priced in EUR). */
    async confirmedIn(currency: string, lines: readonly { sku: string; quantity: number; unitPrice: string }[]): Promise<{ orderId: string; lineIds: string[] }> {
      const orderId = randomUUID();
      const customer = await o2c.customer();
      const requested = lines.map(({ sku, quantity, unitPrice }) => ({
        lineId: randomUUID(),
        sku,
        quantity,
        unitPrice,
        product: { sku, kind: 'stocked' as const, currency: 'EUR', unitPrice: '10.00', taxRate: '0.20' },
      }));
      await onOrder(orderId, {
        type: 'DraftOrder',
        data: { orderId, customer, orderType: 'standard', currency, requestedDeliveryDate: null, customerReference: null, shippingAddress: null, invoicePolicy: null, quoteId: null, lines: requested },
      });
      await onOrder(orderId, { type: 'ConfirmOrder', data: { orderId, customer } });
      return { orderId, lineIds: requested.map((l) => l.lineId) };
    },
  };
}
