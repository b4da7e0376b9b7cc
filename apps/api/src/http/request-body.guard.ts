import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { Problem } from './problem';

/**
 * The shape of a write's body before validation: a route that reads a DTO gets a JSON object (or nothing,
 * which the DTO then judges); a command that takes no body (send, accept, deliver…) refuses any field, as
 * api.md refuses unknown fields everywhere. Runs after authentication, so a stranger learns nothing here.
 */
@Injectable()
export class RequestBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const body: unknown = request.body;
    if (body === undefined) return true;
    const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
    if (readsBody(context)) {
      if (!isObject) throw new Problem(400, 'VALIDATION_FAILED', 'The body must be a JSON object', [{ field: '', message: 'not an object' }]);
      return true;
    }
    if (isObject && Object.keys(body).length === 0) return true;
    const fields = isObject ? Object.keys(body).map((field) => ({ field, message: `${field} is not allowed: this command takes no body` })) : [{ field: '', message: 'this command takes no body' }];
    throw new Problem(400, 'VALIDATION_FAILED', 'This command takes no body', fields.slice(0, 50));
  }
}

function readsBody(context: ExecutionContext): boolean {
  const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {};
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}
