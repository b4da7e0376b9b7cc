import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { CustomerCommandHandler, GetCustomerHandler } from '@ledgerline/application/customers/customer.handlers';
import { GetProductHandler, ProductCommandHandler } from '@ledgerline/application/products/product.handlers';
import { ConvertQuoteHandler, GetQuoteHandler, QuoteCommandHandler } from '@ledgerline/application/quotes/quote.handlers';
import { GetStockReceiptHandler, ReceiveStockHandler } from '@ledgerline/application/stock/stock-receipt.handlers';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { CustomersController } from './customers/customers.controller';
import { EventsController } from './events/events.controller';
import { EventStreams } from './events/event-streams';
import { HealthController } from './health/health.controller';
import { ApiKeyGuard } from './http/auth';
import { knownApiKeysProvider } from './http/known-api-keys';
import { ETagInterceptor } from './http/etag.interceptor';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestBodyGuard } from './http/request-body.guard';
import { requestIdOf } from './http/request-id';
import { RequestIdMiddleware } from './http/request-id.middleware';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { OrdersModule } from './orders/orders.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { ProductsController } from './products/products.controller';
import { QuotesController } from './quotes/quotes.controller';
import { StockController } from './stock/stock.controller';

@Module({})
export class AppModule implements NestModule {
  static register(config: AppConfig, databaseUrl: string, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.register(config, databaseUrl),
        OrdersModule,
        ReadModelsModule,
        // One JSON line per request, with the ids that also land on its events.
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (request) => requestIdOf(request),
            customProps: (request) => ({ correlationId: request.headers['x-correlation-id'] ?? requestIdOf(request) }),
            redact: ['req.headers.authorization'],
          },
        }),
      ],
      controllers: [HealthController, CustomersController, ProductsController, StockController, QuotesController, EventsController],
      providers: [
        CustomerCommandHandler,
        GetCustomerHandler,
        ProductCommandHandler,
        GetProductHandler,
        ReceiveStockHandler,
        GetStockReceiptHandler,
        QuoteCommandHandler,
        ConvertQuoteHandler,
        GetQuoteHandler,
        knownApiKeysProvider,
        EventStreams,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        // After authentication: the body's shape is checked only for callers who may send it.
        { provide: APP_GUARD, useClass: RequestBodyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Idempotency first (outermost): a replay must skip everything else.
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware, JsonBodyMiddleware).forRoutes('*path');
  }
}
