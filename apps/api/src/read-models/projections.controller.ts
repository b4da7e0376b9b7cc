import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ledgerline/event-store/port';
import { EVENT_STORE } from '@ledgerline/application/shared/tokens';
import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { QueryDocs } from '../http/api-docs';
import { ReadableBy } from '../http/auth';
import { PROJECTION_HOST } from './projection-host.provider';

const LAG_COUNT_CAP = 10_000;

/** Each projection's position and lag behind the log's head (api.md "Read models"). */
@ApiTags('Read models')
@Controller('v1/projections')
@ReadableBy('operations')
export class ProjectionsController {
  constructor(
    @Inject(PROJECTION_HOST) private readonly host: ProjectionHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @QueryDocs()
  @ApiOkResponse({ description: '{head, projections: [{name, position, lagEvents, lagMs, status, error?}]}' })
  async list() {
    await this.host.refresh();
    const head = await this.store.headPosition();
    const projections = await Promise.all(
      this.host.statuses().map(async (status) => {
        // Counted up to a cap: a rebuilding projection may be millions of events behind.
        const pending = status.position === head ? [] : await this.store.readAll({ after: status.position, limit: LAG_COUNT_CAP });
        return {
          name: status.name,
          schema: status.schema,
          status: status.state,
          position: status.position,
          eventsApplied: status.eventsApplied,
          lagEvents: pending.length,
          lagEventsCapped: pending.length === LAG_COUNT_CAP,
          lagMs: pending.length === 0 ? 0 : Math.max(0, Date.now() - Date.parse(pending[0].occurredAt)),
          ...(status.error ? { error: status.error } : {}),
        };
      }),
    );
    return { head, projections };
  }
}
