import { ValidationError, ValidationPipe } from '@nestjs/common';
import { Problem } from './problem';

/**
 * The global pipe of architecture.md: unknown fields are refused, bodies become DTO instances. Its failures
 * are a 400 with one entry per field (nested fields as `lines[0].quantity`).
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One message per field, the first rule it breaks (dto-rules.ts orders them: presence, type, limits).
    stopAtFirstError: true,
    exceptionFactory: (errors) => new Problem(400, 'VALIDATION_FAILED', 'The request is invalid', flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
