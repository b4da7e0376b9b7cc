import { Catalogue, createCatalogue, customerMaintenance } from './catalogue';
import { LogStory } from './log-story';
import { emptyOrderMix, OrderMix, orderStory } from './order-story';
import { SeededRandom } from './seeded-random';

/** Stories handed out one at a time; `undefined` when there are no more. */
export interface StorySource {
  next(): LogStory | undefined;
}

/**
 * Several commands' events share one append (the app writes one append per command): it fills the log
 * quickly, and a projection cannot tell, as it sees events, not appends.
 */
export const MAX_EVENTS_PER_APPEND = 8;
const STOCKED_PRODUCTS = 80;
const SERVICE_PRODUCTS = 20;
/** A customer per ~250 events: a few dozen orders each, as a B2B customer base. */
const EVENTS_PER_CUSTOMER = 250;
/** Invoice dates run through one year as the log grows, so all numbers come from one year's sequence. */
const YEAR = 2026;
const DAYS = 330;

/**
 * An order-to-cash log of about `targetEvents` events, generated lazily as the writers take stories: first
 * the master data (customers, products, opening stock), then order stories, with now and then a change to
 * a customer. Every payload comes from the domain's deciders (docs/events.md shapes). The mix is seeded.
 */
export class OrderToCashLog {
  readonly catalogue: Catalogue;
  readonly mix: OrderMix = emptyOrderMix();
  /** Events of the stories handed out so far. */
  generated = 0;
  private readonly random: SeededRandom;
  private readonly masterData: LogStory[];
  private readonly maintained = new Set<string>();

  constructor(
    private readonly targetEvents: number,
    seed: number,
  ) {
    this.random = new SeededRandom(seed);
    const customers = Math.max(20, Math.round(targetEvents / EVENTS_PER_CUSTOMER));
    const { catalogue, stories } = createCatalogue(this.random, { customers, stocked: STOCKED_PRODUCTS, services: SERVICE_PRODUCTS });
    this.catalogue = catalogue;
    this.masterData = stories;
  }

  /** Master data first, all of it appended before any order refers to it. */
  masterDataStories(): StorySource {
    let next = 0;
    return {
      next: () => {
        const story = this.masterData[next++];
        if (story) this.generated += story.events;
        return story;
      },
    };
  }

  /** Order stories (and customer changes) until the log holds `targetEvents`; the last story may overshoot a little. */
  orderStories(): StorySource {
    return {
      next: () => {
        if (this.generated >= this.targetEvents) return undefined;
        const story = this.random.chance(0.02) ? (this.maintenance() ?? this.order()) : this.order();
        this.generated += story.events;
        return story;
      },
    };
  }

  private order(): LogStory {
    const day = Math.min(DAYS, Math.floor((this.generated / this.targetEvents) * DAYS));
    const invoiceDate = new Date(Date.UTC(YEAR, 0, 2 + day)).toISOString().slice(0, 10);
    return orderStory(this.random, this.catalogue, invoiceDate, this.mix, MAX_EVENTS_PER_APPEND);
  }

  /** One change per customer at most: its stream's version is then known when the story is generated. */
  private maintenance(): LogStory | undefined {
    const customer = this.random.pick(this.catalogue.customers);
    if (this.maintained.has(customer.customerId)) return undefined;
    this.maintained.add(customer.customerId);
    return customerMaintenance(this.random, customer);
  }
}
