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
import {
  confirmOrder,
  createCustomer,
  createProduct,
  customerFacts,
  draftOrder,
  invoiceLines,
  productFacts,
  receiveStock,
} from '../../bench/src/history/order-to-cash-commands';

/**
 * Realistic events for the stock projection's tests: every command goes through the real decider and
 * the real store (AggregateStore), so the events have exactly the shapes production writes. The commands
 * are the bench's log generator's (bench/src/history/order-to-cash-commands.ts), executed here one by one.
 */
export function orderToCash(store: EventStore) {
  const aggregates = new AggregateStore(store);
  const context = (): CommandContext => ({ actor: 'test', correlationId: randomUUID(), causationId: randomUUID(), receivedAt: new Date() });
  const kinds = new Map<string, ProductKind>();
  let customer: CustomerFacts | undefined;

  const onOrder = (orderId: string, command: OrderCommand) => aggregates.execute(orderDecider, orderStream(orderId), command, context());
  const product = (sku: string) => productFacts(createProduct(sku, { kind: kinds.get(sku) ?? 'stocked' }).data);
  const requested = (lines: readonly OrderLineRequest[]) =>
    lines.map(({ sku, quantity, lineId = randomUUID() }) => ({ lineId, sku, quantity, product: product(sku) }));

  const fixtures = {
    async product(sku: string, kind: ProductKind = 'stocked'): Promise<string> {
      kinds.set(sku, kind);
      await aggregates.execute(productDecider, productStream(sku), createProduct(sku, { kind }), context());
      return sku;
    },

    async receive(sku: string, quantity: number, unitCost: string): Promise<string> {
      const receiptId = randomUUID();
      await aggregates.execute(stockReceiptDecider, stockReceiptStream(receiptId), receiveStock(receiptId, sku, quantity, unitCost, { kind: kinds.get(sku) ?? 'stocked' }), context());
      return receiptId;
    },

    async customer(): Promise<CustomerFacts> {
      if (customer) return customer;
      const command = createCustomer(randomUUID(), { name: 'Acme' });
      await aggregates.execute(customerDecider, customerStream(command.data.customerId), command, context());
      customer = customerFacts(command);
      return customer;
    },

    /** A draft order; returns its id and line ids in the order given. */
    async draft(lines: readonly OrderLineRequest[], orderType: OrderType = 'standard'): Promise<{ orderId: string; lineIds: string[] }> {
      const orderId = randomUUID();
      const priced = requested(lines);
      await onOrder(orderId, draftOrder(orderId, await fixtures.customer(), priced, { orderType }));
      return { orderId, lineIds: priced.map((l) => l.lineId) };
    },

    async confirm(orderId: string): Promise<void> {
      await onOrder(orderId, confirmOrder(orderId, await fixtures.customer()));
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
      await onOrder(orderId, invoiceLines(orderId, randomUUID(), await fixtures.customer(), lines, '2026-11-23'));
    },
  };
  return fixtures;
}

export interface OrderLineRequest {
  sku: string;
  quantity: number;
  lineId?: string;
}
