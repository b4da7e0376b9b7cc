import { randomUUID } from 'node:crypto';
import { NewEvent } from '@ledgerline/event-store/port';

/**
 * Events shaped like the app's (an order line with money and full metadata, ~400 bytes of JSON), so the
 * store does the same JSON and index work per event as in production rather than for an empty `{}`.
 */
export function sampleEvents(streamId: string, count: number): NewEvent[] {
  const correlationId = randomUUID();
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: 'OrderLineAdded',
    data: {
      orderId: streamId,
      lineId: randomUUID(),
      sku: `SKU-${(i % 97).toString().padStart(5, '0')}`,
      description: 'Bench widget, 20 pack',
      quantity: 1 + (i % 5),
      unitPrice: { amount: '19.90', currency: 'EUR' },
    },
    metadata: {
      actor: 'bench:store',
      correlationId,
      causationId: correlationId,
      command: 'AddOrderLine',
      schemaVersion: 1,
    },
  }));
}

/** A fresh stream id, named like the app's aggregate streams. */
export function newStreamId(writer: number): string {
  return `order-bench-${writer}-${randomUUID()}`;
}
