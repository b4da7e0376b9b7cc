import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ExistingQuote, QuoteCommand, quoteDecider, quoteStream } from '../../domain/quote/quote';
import { ProductFacts, RequestedLine } from '../../domain/sales-order/commands';
import { orderStream } from '../../domain/sales-order/events';
import { orderDecider } from '../../domain/sales-order/sales-order';
import { DomainError } from '../../domain/shared/domain-error';
import { Money, Rate } from '../../domain/shared/money';
import { Quantity } from '../../domain/shared/quantity';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';
import { nameBasedUuid } from '../shared/ids';
import { Lookups } from '../shared/lookups';
import { QuoteView, quoteView } from './quote-view';

/** A line as the API asks for it; the handler looks its product up. */
export interface QuoteLineRequest {
  lineId: string;
  sku: string;
  quantity: Quantity;
  unitPrice?: Money;
  discount?: Rate;
}

/** Quote commands as the API sends them: the handler adds the time and the facts it looks up. */
export type QuoteRequest =
  | { type: 'DraftQuote'; quoteId: string; customerId: string; currency: string | null; validUntil: string | null; lines: QuoteLineRequest[] }
  | { type: 'AddQuoteLine'; quoteId: string; line: QuoteLineRequest }
  | { type: 'ChangeQuoteLine'; quoteId: string; lineId: string; quantity?: Quantity; unitPrice?: Money; discount?: Rate }
  | { type: 'RemoveQuoteLine'; quoteId: string; lineId: string }
  | { type: 'SendQuote' | 'AcceptQuote' | 'DeclineQuote'; quoteId: string };

export class ExecuteQuoteCommand {
  constructor(
    readonly request: QuoteRequest,
    readonly context: CommandContext,
  ) {}
}

export class ConvertQuote {
  constructor(
    readonly quoteId: string,
    readonly context: CommandContext,
  ) {}
}

/** `now` decides whether an open quote reads `expired`. */
export class GetQuote {
  constructor(
    readonly quoteId: string,
    readonly now: Date,
  ) {}
}

export interface ConvertedQuote {
  orderId: string;
  /** The quote's version and position after the conversion (its QuoteConverted event). */
  version: number;
  position: string;
}

/** The order a quote converts into: one id per quote, so every attempt lands on the same order stream. */
export const orderIdForQuote = (quoteId: string): string => nameBasedUuid('order-from-quote', quoteId);

@CommandHandler(ExecuteQuoteCommand)
export class QuoteCommandHandler implements ICommandHandler<ExecuteQuoteCommand, QuoteView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
  ) {}

  async execute({ request, context }: ExecuteQuoteCommand): Promise<QuoteView> {
    const command = await this.toCommand(request, context.receivedAt.toISOString());
    const result = await this.aggregates.execute(quoteDecider, quoteStream(request.quoteId), command, context);
    // A retry shows the quote as of the first attempt, whether it had expired by then or not.
    return quoteView(request.quoteId, result, result.ranAt ? new Date(result.ranAt) : context.receivedAt);
  }

  private async toCommand(request: QuoteRequest, now: string): Promise<QuoteCommand> {
    const { quoteId } = request;
    switch (request.type) {
      case 'DraftQuote': {
        const [{ currency: customerCurrency, billingAddress, shippingAddress, ...customer }, products] = await Promise.all([
          this.lookups.customer(request.customerId),
          this.lookups.products(request.lines.map((l) => l.sku)),
        ]);
        // An unknown customer has no currency; the decider refuses it before the currency matters.
        const currency = request.currency ?? customerCurrency ?? '';
        const lines = request.lines.map((line) => requestedLine(line, products.get(line.sku) ?? null));
        // The customer's addresses as they are now, as an order would take them.
        const addresses = { billingAddress, shippingAddress: shippingAddress ?? billingAddress };
        return { type: 'DraftQuote', data: { quoteId, now, customer, currency, validUntil: request.validUntil, ...addresses, lines } };
      }
      case 'AddQuoteLine':
        return { type: 'AddQuoteLine', data: { quoteId, now, line: requestedLine(request.line, await this.lookups.product(request.line.sku)) } };
      case 'ChangeQuoteLine': {
        const { type, ...data } = request;
        return { type, data: { ...data, now } };
      }
      case 'RemoveQuoteLine':
        return { type: 'RemoveQuoteLine', data: { quoteId, now, lineId: request.lineId } };
      default:
        return { type: request.type, data: { quoteId, now } };
    }
  }
}

/**
 * Converting an accepted quote: a flow over two streams, each step safe to repeat.
 *
 * The link goes both ways: the order's `OrderDrafted` carries `quoteId`, the quote's `QuoteConverted`
 * carries `orderId`. Two appends to two streams cannot share a transaction, so instead every attempt
 * computes the same order id from the quote id, and each step recognises its own earlier success:
 *   1. load the quote and refuse (before any write) unless it is accepted, open and not expired;
 *   2. draft the order with the quote's customer, currency, lines, prices and discounts; `ORDER_EXISTS`
 *      means an earlier attempt got this far, so carry on;
 *   3. record `QuoteConverted` on the quote; already converted into this order, it appends nothing.
 * A crash between 2 and 3 leaves a draft order whose quote does not know it yet; the next convert
 * completes the link and returns the same order. A keyed retry of a convert that completed answers from
 * its `QuoteConverted` (ADR 0011), before If-Match, which names the quote as it was before. Concurrent
 * converts race on the same two streams and all return that one order. The order takes the quote's prices
 * and discounts but the product's kind and tax rate as they are now: the tax in force at the sale applies.
 *
 * Not a process manager with its own stream (architecture.md): both steps run in this one request, are
 * idempotent by construction, and the quote's own stream records whether the flow completed.
 */
@CommandHandler(ConvertQuote)
export class ConvertQuoteHandler implements ICommandHandler<ConvertQuote, ConvertedQuote> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
  ) {}

  async execute({ quoteId, context }: ConvertQuote): Promise<ConvertedQuote> {
    const orderId = orderIdForQuote(quoteId);
    const convert: QuoteCommand = { type: 'ConvertQuote', data: { quoteId, now: context.receivedAt.toISOString(), orderId } };
    // The order is drafted once the quote's decision is made, before it is recorded: a quote that may not
    // convert leaves no order behind.
    const converted = await this.aggregates.execute(quoteDecider, quoteStream(quoteId), convert, context, {
      beforeAppend: async (state) => {
        const quote = state as ExistingQuote; // decide refused a quote that does not exist
        if (quote.orderId === null) await this.draftOrder(quote, orderId, context);
      },
    });
    return { orderId, version: converted.version, position: converted.position };
  }

  private async draftOrder(quote: ExistingQuote, orderId: string, context: CommandContext): Promise<void> {
    const [{ currency: _customerCurrency, billingAddress, shippingAddress, ...customer }, products] = await Promise.all([
      this.lookups.customer(quote.customerId),
      this.lookups.products(quote.lines.map((l) => l.sku)),
    ]);
    // The client's If-Match names a version of the quote, never of the order.
    const { expectedVersion: _quoteVersion, ...orderContext } = context;
    try {
      await this.aggregates.execute(
        orderDecider,
        orderStream(orderId),
        {
          type: 'DraftOrder',
          data: {
            orderId,
            customer,
            orderType: 'standard',
            currency: quote.currency,
            requestedDeliveryDate: null,
            customerReference: null,
            channel: 'manual',
            // The addresses the quote was made out to; a quote from before addresses were kept takes the customer's now.
            billingAddress: quote.billingAddress ?? billingAddress,
            shippingAddress: quote.shippingAddress ?? shippingAddress ?? billingAddress,
            invoicePolicy: null,
            quoteId: quote.quoteId,
            // Same line ids as the quote: the draft is the same on every attempt, and lines trace back.
            lines: quote.lines.map(({ lineId, sku, quantity, unitPrice, discount }) =>
              requestedLine({ lineId, sku, quantity, unitPrice, discount }, products.get(sku) ?? null),
            ),
          },
        },
        orderContext,
      );
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'ORDER_EXISTS')) throw error;
    }
  }
}

@QueryHandler(GetQuote)
export class GetQuoteHandler implements IQueryHandler<GetQuote, QuoteView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ quoteId, now }: GetQuote): Promise<QuoteView> {
    return quoteView(quoteId, await this.aggregates.load(quoteDecider, quoteStream(quoteId)), now);
  }
}

function requestedLine(line: QuoteLineRequest, product: ProductFacts | null): RequestedLine {
  return { ...line, product };
}
