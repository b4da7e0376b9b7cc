import { randomUUID } from 'node:crypto';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { customerDecider, customerStream } from '@ledgerline/domain/customer/customer';
import { ProductKind, productDecider, productStream } from '@ledgerline/domain/product/product';
import { CustomerFacts } from '@ledgerline/domain/sales-order/commands';
import { OrderCommand } from '@ledgerline/domain/sales-order/commands';
import { OrderType, orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { stockReceiptDecider, stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { EventStore } from '@ledgerline/event-store/port';

/**
 * Realistic events for the stock projection's tests: every command goes through the real decider and
 * the real store (AggregateStore), so the events have exactly the shapes production writes.
 */
export function orderToCash(store: EventStore) {
  const aggregates = new AggregateStore(store);
  const context = (): CommandContext => ({ actor: 'test', correlationId: randomUUID(), causationId: randomUUID(), receivedAt: new Date() });
  const kinds = new Map<string, ProductKind>();
  let customer: CustomerFacts | undefined;

  const onOrder = (orderId: string, command: OrderCommand) => aggregates.execute(orderDecider, orderStream(orderId), command, context());
  const product = (sku: string) => ({ sku, kind: kinds.get(sku) ?? 'stocked', currency: 'EUR', unitPrice: '10.00', taxRate: '0.20' });
  const requested = (lines: readonly OrderLineRequest[]) =>
    lines.map(({ sku, quantity, lineId = randomUUID() }) => ({ lineId, sku, quantity, product: product(sku) }));

  const fixtures = {
    async product(sku: string, kind: ProductKind = 'stocked'): Promise<string> {
      kinds.set(sku, kind);
      await aggregates.execute(
        productDecider,
        productStream(sku),
        { type: 'CreateProduct', data: { sku, name: sku, kind, currency: 'EUR', unitPrice: '10.00', taxRate: '0.20', unitCost: kind === 'stocked' ? '1.00' : null } },
        context(),
      );
      return sku;
    },

    async receive(sku: string, quantity: number, unitCost: string): Promise<string> {
      const receiptId = randomUUID();
      await aggregates.execute(
        stockReceiptDecider,
        stockReceiptStream(receiptId),
        { type: 'ReceiveStock', data: { receiptId, sku, quantity, unitCost, currency: 'EUR', product: { kind: kinds.get(sku) ?? 'stocked' } } },
        context(),
      );
      return receiptId;
    },

    async customer(): Promise<CustomerFacts> {
      if (customer) return customer;
      const customerId = randomUUID();
      await aggregates.execute(
        customerDecider,
        customerStream(customerId),
        {
          type: 'CreateCustomer',
          data: { customerId, name: 'Acme', currency: 'EUR', creditLimit: null, paymentTermsDays: 30, invoicePolicy: 'ordered', email: null, billingAddress: null, shippingAddress: null },
        },
        context(),
      );
      customer = { customerId, exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
      return customer;
    },

    /** A draft order; returns its id and line ids in the order given. */
    async draft(lines: readonly OrderLineRequest[], orderType: OrderType = 'standard'): Promise<{ orderId: string; lineIds: string[] }> {
      const orderId = randomUUID();
      const priced = requested(lines);
      await onOrder(orderId, {
        type: 'DraftOrder',
        data: {
          orderId,
          customer: await fixtures.customer(),
          orderType,
          currency: 'EUR',
          requestedDeliveryDate: null,
          customerReference: null,
          shippingAddress: null,
          invoicePolicy: null,
          quoteId: null,
          lines: priced,
        },
      });
      return { orderId, lineIds: priced.map((l) => l.lineId) };
    },

    async confirm(orderId: string): Promise<void> {
      await onOrder(orderId, { type: 'ConfirmOrder', data: { orderId, customer: await fixtures.customer(), baseCurrency: 'EUR', credit: null } });
    },

    /** Draft and confirm. */
    async confirmed(lines: readonly OrderLineRequest[], orderType: OrderType = 'standard'): Promise<{ orderId: string; lineIds: string[] }> {
      const order = await fixtures.draft(lines, orderType);
      await fixtures.confirm(order.orderId);
      return order;
    },

    async ship(orderId: string, lines: readonly { lineId: string; quantity: number }[]): Promise<string> {
      const shipmentId = randomUUID();
      await onOrder(orderId, { type: 'ShipLines', data: { orderId, shipmentId, lines } });
      return shipmentId;
    },

    deliver: (orderId: string, shipmentId: string) => onOrder(orderId, { type: 'DeliverShipment', data: { orderId, shipmentId } }),
    returnLines: (orderId: string, shipmentId: string, lines: readonly { lineId: string; quantity: number }[]) =>
      onOrder(orderId, { type: 'ReturnShipmentLines', data: { orderId, shipmentId, lines } }),
    changeLine: (orderId: string, lineId: string, quantity: number) => onOrder(orderId, { type: 'ChangeLine', data: { orderId, lineId, quantity } }),
    async addLine(orderId: string, line: OrderLineRequest): Promise<string> {
      const [priced] = requested([line]);
      await onOrder(orderId, { type: 'AddLine', data: { orderId, line: priced } });
      return priced.lineId;
    },
    removeLine: (orderId: string, lineId: string) => onOrder(orderId, { type: 'RemoveLine', data: { orderId, lineId } }),
    send: (orderId: string) => onOrder(orderId, { type: 'SendOrder', data: { orderId } }),
    discard: (orderId: string) => onOrder(orderId, { type: 'DiscardDraft', data: { orderId } }),
    lock: (orderId: string) => onOrder(orderId, { type: 'LockOrder', data: { orderId } }),
    cancel: (orderId: string) => onOrder(orderId, { type: 'CancelOrder', data: { orderId } }),
    async invoice(orderId: string, lines: readonly { lineId: string; quantity: number }[]): Promise<void> {
      await onOrder(orderId, {
        type: 'InvoiceLines',
        data: { orderId, invoiceId: randomUUID(), lines, invoiceDate: '2026-11-23', customer: await fixtures.customer(), baseCurrency: 'EUR' },
      });
    },
  };
  return fixtures;
}

export interface OrderLineRequest {
  sku: string;
  quantity: number;
  lineId?: string;
}
