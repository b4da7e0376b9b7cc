import { Inject, Injectable, Provider } from '@nestjs/common';
import type { EventStore } from '@ledgerline/event-store/port';
import { START } from '@ledgerline/event-store/port';
import { CREDIT_EXPOSURE, CreditExposureSource, CustomerExposure } from '@ledgerline/application/orders/credit-exposure';
import { EVENT_STORE } from '@ledgerline/application/shared/tokens';
import { openOrdersBase } from '@ledgerline/projections/orders/orders.queries';
import { openReceivablesBase } from '@ledgerline/projections/receivables/receivables.queries';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { Problem } from '../http/problem';
import { PROJECTION_HOST } from './projection-host.provider';

/** How long a confirmation waits for the read models to reach the head before it answers 503. */
const CATCH_UP_TIMEOUT_MS = 5000;

/**
 * The credit check's exposure (domain.md "Sales orders") from the receivables and orders projections,
 * read only after both have applied everything the log held when the check began: the check sees every
 * invoice, payment, credit note and confirmation committed before it. What it cannot see is a command
 * committing while it runs (docs/product-decisions.md "Credit limit").
 */
@Injectable()
export class ReadModelCreditExposure implements CreditExposureSource {
  constructor(
    @Inject(PROJECTION_HOST) private readonly host: ProjectionHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async exposure(customerId: string, excludeOrderId: string, baseCurrency: string): Promise<CustomerExposure> {
    const head = await this.store.lastCommittedPosition();
    await Promise.all(['receivables', 'orders'].map((name) => this.caughtUp(name, head)));
    const [openReceivables, openOrders] = await Promise.all([
      openReceivablesBase(this.host.dataSource('receivables'), customerId, baseCurrency),
      openOrdersBase(this.host.dataSource('orders'), customerId, excludeOrderId, baseCurrency),
    ]);
    return { openReceivables, openOrders };
  }

  private async caughtUp(projection: string, head: string): Promise<void> {
    const status = this.host.status(projection);
    if (status.state === 'failed') {
      throw new Problem(503, 'CREDIT_CHECK_UNAVAILABLE', `The credit limit cannot be checked: the ${projection} projection stopped (${status.error?.message})`, undefined, {
        'Retry-After': '30',
      });
    }
    if (head === START) return;
    if (!(await this.host.waitFor(projection, head, CATCH_UP_TIMEOUT_MS))) {
      throw new Problem(503, 'CREDIT_CHECK_UNAVAILABLE', `The credit limit cannot be checked yet: the ${projection} projection is catching up`, undefined, {
        'Retry-After': '1',
      });
    }
  }
}

export const creditExposureProvider: Provider = { provide: CREDIT_EXPOSURE, useClass: ReadModelCreditExposure };
