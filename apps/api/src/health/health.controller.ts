import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ledgerline/event-store/port';
import { EVENT_STORE } from '@ledgerline/application/shared/tokens';
import { Public } from '../http/auth';
import { Problem } from '../http/problem';

@ApiTags('Service')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** 200 once the app can serve: the event store answers. */
  @Get()
  @Public()
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.store.headPosition();
    } catch {
      throw new Problem(503, 'EVENT_STORE_UNAVAILABLE', 'The event store does not answer', undefined, { 'Retry-After': '5' });
    }
    return { status: 'ok' };
  }
}
