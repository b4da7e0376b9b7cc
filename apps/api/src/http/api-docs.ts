import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description: `${description} (application/problem+json)` });

/** OpenAPI notes shared by every command route: auth, idempotency, If-Match and the problem responses. */
export const CommandDocs = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body replays the first response' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'Expected version ("3"); 412 when the resource moved on' }),
    ApiHeader({ name: 'x-correlation-id', required: false }),
    problem(400, 'Invalid input, with per-field errors'),
    problem(401, 'Missing or unknown API key'),
    problem(403, 'The role may not do this'),
    problem(404, 'Unknown resource'),
    problem(409, 'A business rule refuses the command'),
    problem(412, 'If-Match names a stale version'),
    problem(422, 'Idempotency-Key reused with another body'),
  );

export const QueryDocs = () =>
  applyDecorators(ApiBearerAuth(), problem(401, 'Missing or unknown API key'), problem(403, 'The role may not read this (api.md reads table)'), problem(404, 'Unknown resource'));
