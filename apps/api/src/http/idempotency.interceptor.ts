import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { IdempotencyStore } from '@ledgerline/platform/idempotency/idempotency-store';
import { AuthenticatedRequest } from './auth';
import { Problem } from './problem';
import { requestHash } from './request-hash';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on POST (api.md): the same key and body replays the first response and runs nothing;
 * the same key with another body is a 422. Keys are scoped by caller. When the first attempt died before
 * its response was recorded, the retry takes the claim over and runs the command again, which finds its
 * own events in the log and answers from them (docs/adr/0011-idempotent-retries-after-a-crash.md).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY.test(key)) {
      return throwError(() => new Problem(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 visible ASCII characters'));
    }
    const scope = request.principal?.actor ?? 'anonymous';
    const hash = requestHash(request);
    return from(this.store.claim(scope, key, hash)).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'mismatch':
            return throwError(() => new Problem(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request'));
          case 'in_progress':
            return throwError(
              () => new Problem(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running', undefined, { 'Retry-After': '1' }),
            );
          case 'replay':
            response.status(claim.status);
            response.setHeader('Idempotent-Replayed', 'true');
            return of(claim.body);
          case 'claimed':
            return next.handle().pipe(
              mergeMap(async (body) => {
                await this.store.complete(scope, key, response.statusCode, body);
                return body;
              }),
              catchError((error: unknown) => from(this.store.release(scope, key)).pipe(mergeMap(() => throwError(() => error)))),
            );
        }
      }),
    );
  }
}
