import { Injectable } from '@nestjs/common';
import { customerReferenceDecider, customerReferenceKey, customerReferenceStream, HolderOrder } from '../../domain/customer-reference/customer-reference';
import { orderStream } from '../../domain/sales-order/events';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';
import { nameBasedUuid } from '../shared/ids';

/**
 * Claims a customer's reference for an order before the order takes it (ADR 0018). Called in the order
 * command's `beforeAppend`: the order's own decision is made first (an order the decider refuses claims
 * nothing), then the claim, then the order's events. A refused claim stops the command with
 * DUPLICATE_CUSTOMER_REFERENCE and the order's events are never appended.
 */
@Injectable()
export class CustomerReferenceClaims {
  constructor(private readonly aggregates: AggregateStore) {}

  async claim(customerId: string, reference: string, orderId: string, context: CommandContext): Promise<void> {
    const stream = customerReferenceStream(customerId, nameBasedUuid('customer-reference', customerId, customerReferenceKey(reference)));
    // The client's If-Match names a version of the order, never of the claims.
    const { expectedVersion: _orderVersion, ...claimContext } = context;
    await this.aggregates.execute(
      customerReferenceDecider,
      stream,
      async ({ state }) => ({
        type: 'ClaimCustomerReference' as const,
        data: {
          customerId,
          reference,
          orderId,
          now: context.receivedAt.toISOString(),
          holder: state.holder === null || state.holder.orderId === orderId ? null : await this.holderOrder(state.holder.orderId),
        },
      }),
      claimContext,
    );
  }

  private async holderOrder(orderId: string): Promise<HolderOrder> {
    const { state } = await this.aggregates.current(orderDecider, orderStream(orderId));
    if (state.status === 'none') return { exists: false, discarded: false, customerReference: null };
    return { exists: true, discarded: state.status === 'discarded', customerReference: state.customerReference };
  }
}
