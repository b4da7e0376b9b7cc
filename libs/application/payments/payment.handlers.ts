import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CustomerFactsForAccount } from '../../domain/customer-account/commands';
import { customerAccountDecider, unappliedCredit } from '../../domain/customer-account/customer-account';
import { CustomerAccountEvent, customerAccountStream } from '../../domain/customer-account/events';
import { DecimalMath, roundMoney } from '../../domain/shared/money';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext, receivedDay } from '../shared/command-context';
import { Lookups } from '../shared/lookups';
import { IssuedInvoices } from '../invoices/issued-invoices';

type Received = Extract<CustomerAccountEvent, { type: 'PaymentReceived' }>['data'];
type Applied = Extract<CustomerAccountEvent, { type: 'CreditApplied' }>['data'];

export interface PaymentRequest {
  paymentId: string;
  customerId: string;
  amount: string;
  currency?: string;
  receivedOn?: string;
  exchangeRate?: string;
  allocations: { invoiceId: string; amount: string }[];
}

export class ReceivePayment {
  constructor(
    readonly request: PaymentRequest,
    readonly baseCurrency: string,
    readonly context: CommandContext,
  ) {}
}

/** The payment as api.md shows it: what was allocated and what waits as unapplied credit. */
export function paymentView(payment: Received, position: string, version: number) {
  return {
    id: payment.paymentId,
    customerId: payment.customerId,
    amount: payment.amount,
    currency: payment.currency,
    receivedOn: payment.receivedOn,
    exchangeRate: payment.exchangeRate,
    baseCurrency: payment.baseCurrency,
    baseAmount: payment.baseAmount,
    allocations: payment.allocations.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
    allocated: roundMoney(new DecimalMath(payment.amount).minus(payment.unallocated), payment.currency),
    unallocated: payment.unallocated,
    exchangeDifference: payment.exchangeDifference,
    position,
    version,
  };
}
export type PaymentView = ReturnType<typeof paymentView>;

/** The customer as the account needs it; a customer without a currency pays in the base currency. */
async function accountCustomer(lookups: Lookups, customerId: string, baseCurrency: string): Promise<CustomerFactsForAccount> {
  const customer = await lookups.customer(customerId);
  return { customerId, exists: customer.exists, currency: customer.currency ?? baseCurrency };
}

/**
 * Records a payment and its allocations on the customer's account (ADR 0007): the account decides
 * against the outstanding amounts it holds, and the append's expected version makes a racing payment
 * decide again on the new figures.
 */
@CommandHandler(ReceivePayment)
export class ReceivePaymentHandler implements ICommandHandler<ReceivePayment, PaymentView> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
    private readonly invoices: IssuedInvoices,
  ) {}

  async execute({ request, baseCurrency, context }: ReceivePayment): Promise<PaymentView> {
    const customer = await accountCustomer(this.lookups, request.customerId, baseCurrency);
    const invoices = await this.invoices.facts(request.allocations.map((a) => a.invoiceId));
    const result = await this.aggregates.execute(
      customerAccountDecider,
      customerAccountStream(request.customerId),
      {
        type: 'ReceivePayment',
        data: {
          paymentId: request.paymentId,
          customer,
          amount: request.amount,
          currency: request.currency ?? customer.currency,
          receivedOn: request.receivedOn ?? receivedDay(context),
          exchangeRate: request.exchangeRate ?? null,
          baseCurrency,
          allocations: request.allocations,
          invoices,
        },
      },
      context,
    );
    const received = result.appended.find((e) => e.type === 'PaymentReceived');
    if (!received) throw new Error(`Payment ${request.paymentId} was not recorded`);
    return paymentView(received.data as Received, result.position, result.version);
  }
}

export class ApplyCredit {
  constructor(
    readonly customerId: string,
    readonly applicationId: string,
    readonly invoiceId: string,
    readonly amount: string,
    readonly baseCurrency: string,
    readonly context: CommandContext,
  ) {}
}

/** Moves the customer's unapplied credit onto one of its invoices (domain.md "advance applied"). */
@CommandHandler(ApplyCredit)
export class ApplyCreditHandler implements ICommandHandler<ApplyCredit> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
    private readonly invoices: IssuedInvoices,
  ) {}

  async execute({ customerId, applicationId, invoiceId, amount, baseCurrency, context }: ApplyCredit) {
    const customer = await accountCustomer(this.lookups, customerId, baseCurrency);
    const invoice = (await this.invoices.facts([invoiceId])).get(invoiceId);
    const result = await this.aggregates.execute(
      customerAccountDecider,
      customerAccountStream(customerId),
      {
        type: 'ApplyCredit',
        data: { applicationId, customer, invoice: invoice as NonNullable<typeof invoice>, amount, appliedOn: receivedDay(context) },
      },
      context,
    );
    const applied = result.appended.find((e) => e.type === 'CreditApplied');
    if (!applied) throw new Error(`Credit application ${applicationId} was not recorded`);
    const data = applied.data as Applied;
    const left = unappliedCredit(result.state).find((c) => c.currency === data.currency);
    return {
      id: data.applicationId,
      customerId,
      invoiceId,
      amount: data.amount,
      currency: data.currency,
      appliedOn: data.appliedOn,
      exchangeDifference: data.exchangeDifference,
      unappliedCredit: left?.amount ?? roundMoney(0, data.currency),
      position: result.position,
      version: result.version,
    };
  }
}
