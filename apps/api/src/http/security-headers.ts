import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Swagger UI's page and assets (create-app.ts mounts it at /v1/docs). */
export const DOCS_PATH = /^\/v1\/docs(\/|$)/;

/**
 * helmet's headers (nosniff, HSTS, Referrer-Policy: no-referrer, COOP/CORP same-origin, …) on every answer,
 * with a Content-Security-Policy per kind of answer:
 * - the API answers JSON, never a page: `default-src 'none'; frame-ancestors 'none'`;
 * - Swagger UI is a page of our own scripts and styles, no inline script: scripts from 'self', styles also
 *   inline (the page has <style> blocks and React sets style attributes), images also as data: URLs (its
 *   icons), requests ("Try it out") to 'self' only. No `upgrade-insecure-requests`: the api is often served
 *   over plain HTTP behind a TLS proxy or on loopback, where it would break the page.
 */
export function securityHeaders(): RequestHandler {
  const common = { xFrameOptions: { action: 'deny' as const } };
  const api = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  return (request, response, next) => (DOCS_PATH.test(request.path) ? docs : api)(request, response, next);
}

/**
 * `Cache-Control: no-store` on every answer, set before anything runs so that errors (401, 403, 413, …)
 * carry it too: answers hold business data for one caller and must not sit in a browser or proxy cache.
 * /health gets it as well: a cached "ok" would hide an outage. Swagger UI's static files keep the
 * Cache-Control their file server sets.
 */
export const noStore: RequestHandler = (_request, response, next) => {
  response.setHeader('Cache-Control', 'no-store');
  next();
};
