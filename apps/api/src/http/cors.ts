import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/**
 * CORS for the browser origins of CORS_ORIGINS only; with none configured the app sends no CORS headers
 * and browsers keep other sites' scripts out. Keys travel in Authorization, never in cookies: no
 * credentials mode.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'Last-Event-ID'],
    exposedHeaders: ['ETag', 'Link', 'Location', 'Retry-After', 'X-Correlation-Id', 'X-Request-Id', 'WWW-Authenticate'],
    maxAge: 600,
  };
}
