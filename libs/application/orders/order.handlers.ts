import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Address, InvoicePolicy } from '../../domain/customer/customer';
import { NotFoundError } from '../../domain/shared/domain-error';
import { Quantity } from '../../domain/shared/quantity';
import { OrderCommand, RequestedLine } from '../../domain/sales-order/commands';
import { OrderChannel, OrderType, orderStream } from '../../domain/sales-order/events';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { OrderState } from '../../domain/sales-order/state';
import { AggregateStore, Executed, Loaded } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';
import { Lookups } from '../shared/lookups';
import { CREDIT_EXPOSURE, type CreditExposureSource } from './credit-exposure';
import { CustomerReferenceClaims } from './customer-reference-claims';

/** A line as the caller asks for it; the handler adds the product facts. */
export interface LineRequest {
  lineId: string;
  sku: string;
  quantity: Quantity;
  unitPrice?: string;
  discount?: string;
}

export interface DraftOrderRequest {
  orderId: string;
  customerId: string;
  orderType: OrderType;
  currency?: string;
  requestedDeliveryDate: string | null;
  customerReference: string | null;
  channel: OrderChannel;
  shippingAddress: Address | null;
  invoicePolicy: InvoicePolicy | null;
  exchangeRate?: string;
  lines: LineRequest[];
}

export class DraftOrder {
  constructor(
    readonly request: DraftOrderRequest,
    readonly context: CommandContext,
  ) {}
}

export class AddOrderLine {
  constructor(
    readonly orderId: string,
    readonly line: LineRequest,
    readonly context: CommandContext,
  ) {}
}

export class ConfirmOrder {
  constructor(
    readonly orderId: string,
    readonly baseCurrency: string,
    /** Set when a user with the credit-override permission asks to confirm past the credit limit. */
    readonly override: { by: string; reason: string | null } | null,
    readonly context: CommandContext,
  ) {}
}

/** Commands that need no facts from other aggregates. */
export class ExecuteOrderCommand {
  constructor(
    readonly command: Exclude<OrderCommand, { type: 'DraftOrder' | 'AddLine' | 'ConfirmOrder' | 'InvoiceLines' }>,
    readonly context: CommandContext,
  ) {}
}

export type OrderResult = Executed<OrderState>;

/** Looks up the products of requested lines; an unknown sku reaches the decider as `product: null`. */
async function requestedLines(lookups: Lookups, lines: readonly LineRequest[]): Promise<RequestedLine[]> {
  const products = await lookups.products(lines.map((l) => l.sku));
  return lines.map((line) => ({ ...line, product: products.get(line.sku) ?? null }));
}

@CommandHandler(DraftOrder)
export class DraftOrderHandler implements ICommandHandler<DraftOrder, OrderResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
    private readonly references: CustomerReferenceClaims,
  ) {}

  async execute({ request, context }: DraftOrder): Promise<OrderResult> {
    const { customerId, lines, currency, shippingAddress, ...header } = request;
    const { billingAddress, shippingAddress: customerShipping, salespersonId: _salesperson, ...customer } = await this.lookups.customer(customerId);
    if (!customer.exists) throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customerId} does not exist`);
    return this.aggregates.execute(
      orderDecider,
      orderStream(request.orderId),
      {
        type: 'DraftOrder',
        data: {
          ...header,
          customer,
          // An order is in the customer's currency unless it says otherwise, and takes the customer's
          // addresses as they are now: shipping to its shipping address, else its billing address.
          currency: currency ?? customer.currency ?? '',
          billingAddress,
          shippingAddress: shippingAddress ?? customerShipping ?? billingAddress,
          quoteId: null,
          lines: await requestedLines(this.lookups, lines),
        },
      },
      context,
      {
        beforeAppend: async () => {
          if (request.customerReference !== null) await this.references.claim(customerId, request.customerReference, request.orderId, context);
        },
      },
    );
  }
}

@CommandHandler(AddOrderLine)
export class AddOrderLineHandler implements ICommandHandler<AddOrderLine, OrderResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
  ) {}

  async execute({ orderId, line, context }: AddOrderLine): Promise<OrderResult> {
    const [requested] = await requestedLines(this.lookups, [line]);
    return this.aggregates.execute(orderDecider, orderStream(orderId), { type: 'AddLine', data: { orderId, line: requested } }, context);
  }
}

/**
 * Confirmation checks the customer as it is now, and its credit limit (domain.md "Sales orders"): the
 * exposure comes from read models caught up to the log's head (credit-exposure.ts) and reaches the
 * decider on the command; the decider compares and records the check, or refuses.
 */
@CommandHandler(ConfirmOrder)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrder, OrderResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
    @Inject(CREDIT_EXPOSURE) private readonly exposure: CreditExposureSource,
  ) {}

  execute({ orderId, baseCurrency, override, context }: ConfirmOrder): Promise<OrderResult> {
    return this.aggregates.execute(
      orderDecider,
      orderStream(orderId),
      async ({ state }): Promise<OrderCommand> => {
        if (state.status === 'none') throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
        const { creditLimit, ...customer } = await this.lookups.customer(state.customerId);
        // Only a confirmable order is worth the wait for caught-up read models; the decider refuses the rest.
        const checks = creditLimit !== null && customer.exists && (state.status === 'draft' || state.status === 'sent');
        const credit = checks ? { limit: creditLimit, ...(await this.exposure.exposure(state.customerId, orderId, baseCurrency)), override } : null;
        return { type: 'ConfirmOrder', data: { orderId, customer, baseCurrency, credit } };
      },
      context,
    );
  }
}

@CommandHandler(ExecuteOrderCommand)
export class OrderCommandHandler implements ICommandHandler<ExecuteOrderCommand, OrderResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly references: CustomerReferenceClaims,
  ) {}

  execute({ command, context }: ExecuteOrderCommand): Promise<OrderResult> {
    const { orderId } = command.data;
    return this.aggregates.execute(orderDecider, orderStream(orderId), command, context, {
      // An order that takes a new reference claims it first, as a new order does.
      beforeAppend: async (state, decided) => {
        for (const event of decided) {
          const reference = event.type === 'OrderDetailsChanged' ? event.data.changes.customerReference : undefined;
          if (reference && state.status !== 'none') await this.references.claim(state.customerId, reference, orderId, context);
        }
      },
    });
  }
}

/** The order now, after version N, or as it stood at an instant. */
export class GetOrder {
  constructor(
    readonly orderId: string,
    readonly at: { version?: number; asOf?: Date } = {},
  ) {}
}

@QueryHandler(GetOrder)
export class GetOrderHandler implements IQueryHandler<GetOrder, Loaded<OrderState>> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ orderId, at }: GetOrder) {
    if (at.asOf === undefined) return this.aggregates.load(orderDecider, orderStream(orderId), at.version);
    const loaded = await this.aggregates.loadAsOf(orderDecider, orderStream(orderId), at.asOf);
    if (loaded.version < 0) {
      if (!loaded.existsNow) throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
      throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} did not exist yet at ${at.asOf.toISOString()}`);
    }
    return loaded;
  }
}

export class GetOrderHistory {
  constructor(readonly orderId: string) {}
}

@QueryHandler(GetOrderHistory)
export class GetOrderHistoryHandler implements IQueryHandler<GetOrderHistory> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ orderId }: GetOrderHistory) {
    const { events } = await this.aggregates.load(orderDecider, orderStream(orderId));
    if (events.length === 0) throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
    return events;
  }
}

