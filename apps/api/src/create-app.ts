import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { AppModule } from './app.module';
import { corsOptions } from './http/cors';
import { applyRequestTimeout } from './http/request-timeout';
import { noStore, securityHeaders } from './http/security-headers';
import { validationPipe } from './http/validation';

/**
 * The HTTP app, configured exactly as it runs (main.ts) and as the end-to-end tests start it: security
 * headers and no-store on every answer, CORS only for CORS_ORIGINS, the request timeout, global
 * validation, problem+json errors, OpenAPI at /v1/openapi.json and Swagger UI at /v1/docs.
 */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl, logger), {
    bufferLogs: true,
    // Bodies are read by JsonBodyMiddleware: exact numbers, depth and media type checked before anything else.
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  applyRequestTimeout(app.getHttpServer(), config.REQUEST_TIMEOUT_MS);
  // First in line, before the body parser and Swagger UI: every answer carries them, refusals included.
  app.use(securityHeaders());
  app.use(noStore);
  if (config.corsOrigins.length > 0) app.enableCors(corsOptions(config.corsOrigins));
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
  SwaggerModule.setup('v1/docs', app, document, {
    jsonDocumentUrl: 'v1/openapi.json',
    yamlDocumentUrl: 'v1/openapi.yaml',
    // No badge fetched from validator.swagger.io: the page talks to this server only (its CSP says so).
    swaggerOptions: { validatorUrl: null },
  });
  return app;
}
