import { Injectable, NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import { AuthenticatedRequest } from './auth';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** Gives each request an id (the causation id of its events) and echoes the correlation id back. */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: AuthenticatedRequest, response: Response, next: NextFunction): void {
    // The request logger may have given the request its id already.
    request.requestId ??= randomUUID();
    const given = request.header('x-correlation-id');
    if (given !== undefined && !SAFE_ID.test(given)) {
      // Logged and stored on every event: keep it to a plain token.
      delete request.headers['x-correlation-id'];
    }
    response.setHeader('x-correlation-id', request.header('x-correlation-id') ?? request.requestId);
    response.setHeader('x-request-id', request.requestId);
    next();
  }
}
