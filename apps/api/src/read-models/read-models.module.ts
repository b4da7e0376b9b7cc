import { Global, Module } from '@nestjs/common';
import { CREDIT_EXPOSURE } from '@ledgerline/application/orders/credit-exposure';
import { creditExposureProvider } from './credit-exposure.provider';
import { BillingListsController } from './billing-lists.controller';
import { DirectoryController } from './directory.controller';
import { JournalsController } from './journals.controller';
import { OrderListController } from './order-list.controller';
import { ProjectionHostShutdown, projectionHostProvider } from './projection-host.provider';
import { ProjectionsController } from './projections.controller';
import { ReceivablesController } from './receivables.controller';
import { StockLevelsController } from './stock-levels.controller';

/**
 * The read side: projections hosted in-process (or read only, PROJECTIONS=off) and their endpoints. Global
 * for the credit check at confirmation, which reads exposure from these projections.
 */
@Global()
@Module({
  controllers: [StockLevelsController, OrderListController, DirectoryController, BillingListsController, ReceivablesController, JournalsController, ProjectionsController],
  providers: [projectionHostProvider, ProjectionHostShutdown, creditExposureProvider],
  exports: [CREDIT_EXPOSURE],
})
export class ReadModelsModule {}
