import { randomUUID } from 'node:crypto';
import { CustomerChanges, customerDecider, customerStream, CustomerProfile } from '@ledgerline/domain/customer/customer';
import { ProductEvent, productDecider, productStream } from '@ledgerline/domain/product/product';
import type { CustomerFacts, ProductFacts } from '@ledgerline/domain/sales-order/commands';
import { DecimalMath, Money, roundMoney } from '@ledgerline/domain/shared/money';
import { Quantity } from '@ledgerline/domain/shared/quantity';
import { stockReceiptDecider, stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { commandMetadata, LogStep, LogStory, newEvent, StreamAppends, storyOf } from './log-story';
import { BASE_CURRENCY, createCustomer, createProduct, customerFacts, productFacts, receiveStock as receiveStockCommand } from './order-to-cash-commands';
import { SeededRandom } from './seeded-random';

export interface BenchProduct {
  facts: ProductFacts;
  /** Standard cost; receipts vary around it, so the moving average really moves. */
  unitCost: Money | null;
}

/**
 * Customers and products every order story draws from; the live-lag phase uses them too. Every document
 * is in the base currency: the stock projection refuses mixed-currency receipts of a sku.
 */
export interface Catalogue {
  customers: CustomerFacts[];
  stocked: BenchProduct[];
  services: BenchProduct[];
}

const TAX_RATES = ['0.20', '0.20', '0.19', '0.10', '0.07', '0.00'];
const TERMS = [14, 30, 30, 30, 45, 60];
const CITIES = ['Berlin', 'Hamburg', 'Lyon', 'Milano', 'Wien', 'Gent', 'Porto', 'Krakow'];

/**
 * The master data, as the app would write it (through the deciders, so payloads have their exact shapes):
 * one `CustomerCreated` per customer, one `ProductCreated` per product, and an opening stock receipt per
 * stocked product. One story each; they are first in the queue, so they lead the log.
 */
export function createCatalogue(random: SeededRandom, counts: { customers: number; stocked: number; services: number }): { catalogue: Catalogue; stories: LogStory[] } {
  const stories: LogStory[] = [];
  const catalogue: Catalogue = { customers: [], stocked: [], services: [] };
  for (let i = 1; i <= counts.customers; i++) {
    const { facts, story } = customer(random, i);
    catalogue.customers.push(facts);
    stories.push(story);
  }
  for (let i = 1; i <= counts.stocked + counts.services; i++) {
    const kind = i <= counts.stocked ? 'stocked' : 'service';
    const { product, story } = productOf(random, kind, kind === 'stocked' ? `BENCH-${pad(i, 4)}` : `SVC-${pad(i - counts.stocked, 3)}`);
    (kind === 'stocked' ? catalogue.stocked : catalogue.services).push(product);
    stories.push(story);
  }
  for (const product of catalogue.stocked) {
    const steps: LogStep[] = [];
    receiveStock(steps, random, product, random.int(200, 600));
    stories.push(storyOf(steps));
  }
  return { catalogue, stories };
}

function customer(random: SeededRandom, n: number): { facts: CustomerFacts; story: LogStory } {
  const customerId = randomUUID();
  const address = { line1: `${random.int(1, 200)} Bench Street`, city: random.pick(CITIES), postalCode: String(random.int(10000, 99999)), country: 'DE' };
  // No credit limit: the stories confirm without a credit check (`credit: null`), which is what the app
  // does only for a customer without one; a limited customer's OrderConfirmed records its check.
  const command = createCustomer(customerId, {
    name: `Bench Customer ${n}`,
    paymentTermsDays: random.pick(TERMS),
    invoicePolicy: random.chance(0.7) ? 'ordered' : 'delivered',
    email: `customer-${n}@bench.example`,
    billingAddress: address,
    shippingAddress: random.chance(0.3) ? { ...address, line1: `${random.int(1, 200)} Dock Road` } : null,
  });
  const steps: LogStep[] = [];
  const stream = new StreamAppends(customerStream(customerId), steps, 8);
  const metadata = commandMetadata(command.type, randomUUID());
  for (const event of customerDecider.decide(command, customerDecider.initialState)) stream.add(newEvent(event, metadata));
  stream.flush();
  return { facts: customerFacts(command), story: storyOf(steps) };
}

function productOf(random: SeededRandom, kind: 'stocked' | 'service', sku: string): { product: BenchProduct; story: LogStory } {
  const price = new DecimalMath(random.int(500, 25_000)).dividedBy(100);
  const command = createProduct(sku, {
    name: kind === 'stocked' ? `Bench widget ${sku}` : `Bench service ${sku}`,
    kind,
    unitPrice: roundMoney(price, BASE_CURRENCY),
    taxRate: random.pick(TAX_RATES),
    unitCost: kind === 'stocked' ? roundMoney(price.times(random.int(45, 70)).dividedBy(100), BASE_CURRENCY) : null,
  });
  const steps: LogStep[] = [];
  const stream = new StreamAppends(productStream(sku), steps, 8);
  const [created] = productDecider.decide(command, productDecider.initialState) as Extract<ProductEvent, { type: 'ProductCreated' }>[];
  stream.add(newEvent(created, commandMetadata(command.type, randomUUID())));
  stream.flush();
  return { product: { facts: productFacts(created.data), unitCost: created.data.unitCost }, story: storyOf(steps) };
}

/** A stock receipt of `product` at its standard cost ± 10 %: its own stream, as ReceiveStock writes it. */
export function receiveStock(steps: LogStep[], random: SeededRandom, product: BenchProduct, quantity: Quantity): void {
  const receiptId = randomUUID();
  const unitCost = roundMoney(new DecimalMath(product.unitCost ?? '1.00').times(random.int(90, 110)).dividedBy(100), BASE_CURRENCY);
  const stream = new StreamAppends(stockReceiptStream(receiptId), steps, 8);
  const command = receiveStockCommand(receiptId, product.facts.sku, quantity, unitCost, { kind: product.facts.kind });
  for (const event of stockReceiptDecider.decide(command, stockReceiptDecider.initialState)) {
    stream.add(newEvent(event, commandMetadata(command.type, randomUUID())));
  }
  stream.flush();
}

/**
 * A later change to a customer: new terms or e-mail, and now and then a block lifted again at once, so
 * every customer can still order. Each customer gets at most one (the caller makes sure): its expected
 * version is then known at generation.
 */
export function customerMaintenance(random: SeededRandom, customer: CustomerFacts): LogStory {
  const steps: LogStep[] = [];
  const stream = new StreamAppends(customerStream(customer.customerId), steps, 8, 0);
  const terms = TERMS.filter((t) => t !== customer.paymentTermsDays);
  const changes: CustomerChanges = random.chance(0.5) ? { paymentTermsDays: random.pick(terms) } : { email: `billing-${random.int(1, 1e6)}@bench.example` };
  const update = { type: 'UpdateCustomer', data: { customerId: customer.customerId, changes } } as const;
  const state = { status: 'active' as const, customerId: customer.customerId, contacts: [], ...baseProfile(customer) };
  for (const event of customerDecider.decide(update, state)) stream.add(newEvent(event, commandMetadata(update.type, randomUUID())));
  if (changes.paymentTermsDays !== undefined) customer.paymentTermsDays = changes.paymentTermsDays;
  if (random.chance(0.2)) {
    // Blocked, then unblocked by a later request: two appends, as two PATCHes would write them.
    stream.flush();
    stream.add(newEvent({ type: 'CustomerBlocked', data: { customerId: customer.customerId, reason: 'payment reminder overdue' } }, commandMetadata('UpdateCustomer', randomUUID())));
    stream.flush();
    stream.add(newEvent({ type: 'CustomerUnblocked', data: { customerId: customer.customerId } }, commandMetadata('UpdateCustomer', randomUUID())));
  }
  stream.flush();
  return storyOf(steps);
}

/** Enough of the customer's profile for the decider to tell what really changes. */
function baseProfile(customer: CustomerFacts): CustomerProfile {
  return {
    name: '',
    currency: BASE_CURRENCY,
    creditLimit: null,
    paymentTermsDays: customer.paymentTermsDays,
    invoicePolicy: customer.invoicePolicy,
    email: null,
    billingAddress: null,
    shippingAddress: null,
    salespersonId: null,
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
