import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { AppModule } from './app.module';
import { validationPipe } from './http/validation';

/**
 * The HTTP app, configured exactly as it runs (main.ts) and as the end-to-end tests start it: global
 * validation, problem+json errors, OpenAPI at /v1/openapi.json and Swagger UI at /v1/docs.
 */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl, logger), {
    bufferLogs: true,
    // Bodies are read by JsonBodyMiddleware: exact numbers, depth and media type checked before anything else.
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalPipes(validationPipe());
  app.disable('x-powered-by');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ledgerline API')
      .setDescription('Event-sourced order-to-cash: the HTTP contract of docs/api.md (v1).')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key from API_KEYS' })
      .build(),
  );
  SwaggerModule.setup('v1/docs', app, document, { jsonDocumentUrl: 'v1/openapi.json', yamlDocumentUrl: 'v1/openapi.yaml' });
  return app;
}
