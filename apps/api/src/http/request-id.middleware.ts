import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { AuthenticatedRequest } from './auth';
import { requestIdOf } from './request-id';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** Gives each request an id (the causation id of its events) and echoes the correlation id back. */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: AuthenticatedRequest, response: Response, next: NextFunction): void {
    const requestId = requestIdOf(request);
    const given = request.header('x-correlation-id');
    if (given !== undefined && !SAFE_ID.test(given)) {
      // Logged and stored on every event: keep it to a plain token.
      delete request.headers['x-correlation-id'];
    }
    response.setHeader('x-correlation-id', request.header('x-correlation-id') ?? requestId);
    response.setHeader('x-request-id', requestId);
    next();
  }
}
