import { Module } from '@nestjs/common';
import { JournalsController } from './journals.controller';
import { OrderListController } from './order-list.controller';
import { ProjectionHostShutdown, projectionHostProvider } from './projection-host.provider';
import { ProjectionsController } from './projections.controller';
import { ReceivablesController } from './receivables.controller';
import { StockLevelsController } from './stock-levels.controller';

/** The read side: projections hosted in-process (or read only, PROJECTIONS=off) and their endpoints. */
@Module({
  controllers: [StockLevelsController, OrderListController, ReceivablesController, JournalsController, ProjectionsController],
  providers: [projectionHostProvider, ProjectionHostShutdown],
})
export class ReadModelsModule {}
