import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ConcurrencyExhaustedError, PreconditionFailedError } from '@ledgerline/application/shared/application-errors';
import { DomainError, InvalidInputError, NotFoundError } from '@ledgerline/domain/shared/domain-error';
import { InvalidPositionError } from '@ledgerline/event-store/positions';
import { Problem } from './problem';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Every error leaves as application/problem+json with a stable `code`; unexpected ones are logged. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { body, headers } = this.toProblem(exception);
    if (body.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): { body: ProblemBody; headers: Record<string, string> } {
    if (exception instanceof Problem) {
      return { body: problem(exception.status, exception.code, exception.message, exception.errors), headers: exception.headers };
    }
    if (exception instanceof InvalidInputError) {
      return { body: problem(400, exception.code, exception.message, [{ field: exception.field, message: exception.message }]), headers: {} };
    }
    if (exception instanceof NotFoundError) return { body: problem(404, exception.code, exception.message), headers: {} };
    if (exception instanceof DomainError) {
      // Details explain the refusal (limits, quantities); they never override the problem's own fields.
      return { body: { ...(exception.details ?? {}), ...problem(409, exception.code, exception.message) }, headers: {} };
    }
    if (exception instanceof PreconditionFailedError) {
      return {
        body: { ...problem(412, exception.code, exception.message), expectedVersion: exception.expected, currentVersion: exception.actual },
        headers: { ETag: `"${exception.actual}"` },
      };
    }
    if (exception instanceof ConcurrencyExhaustedError) {
      return { body: problem(409, exception.code, exception.message), headers: { 'Retry-After': '1' } };
    }
    if (exception instanceof InvalidPositionError) {
      return { body: problem(400, exception.code, exception.message, [{ field: 'position', message: exception.message }]), headers: {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Body-parser errors (malformed JSON, too large) arrive as HttpExceptions from Nest's adapter.
      const code = status === 400 && /JSON/i.test(exception.message) ? 'MALFORMED_JSON' : (CODES_BY_STATUS[status] ?? `HTTP_${status}`);
      return { body: problem(status, code, exception.message), headers: {} };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      const code = status === 400 ? 'MALFORMED_JSON' : (CODES_BY_STATUS[status] ?? `HTTP_${status}`);
      return { body: problem(status, code, (exception as Error).message), headers: {} };
    }
    return { body: problem(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'The server failed; nothing was half-written.'), headers: {} };
  }
}

/** Errors thrown by express' body parser carry their status (400 malformed, 413 too large). */
function httpStatusOf(exception: unknown): number | undefined {
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function problem(status: number, code: string, detail: string, errors?: ProblemBody['errors']): ProblemBody {
  return {
    type: `urn:ledgerline:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(code),
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
}

function titleOf(code: string): string {
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
