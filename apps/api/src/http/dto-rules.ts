import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { EXCHANGE_RATE_TEXT, MAX_DATE, MAX_LINES, MAX_QUANTITY, MIN_DATE, MONEY_TEXT, RATE_TEXT } from '@ledgerline/domain/shared/bounds';
import { isCalendarDate } from '@ledgerline/domain/shared/calendar';
import { isQuantity } from '@ledgerline/domain/shared/quantity';

/**
 * Field rules shared by every DTO, built on the one set of limits in libs/domain/shared/bounds.ts, so that
 * money, rates, quantities, dates and text read the same everywhere and the OpenAPI document states each
 * limit (api.md "Conventions"). Exact minor digits per currency are checked by the decider, which knows
 * the currency.
 *
 * Presence: a required field must be there and not null; `optional` lets it be absent (null is still a
 * 400: "no value" is said by leaving the field out); `nullable` also takes null, where null means
 * something (no credit limit, clear a field).
 */
export interface Presence {
  optional?: boolean;
  nullable?: boolean;
}

/** Validate unless absent (and, when nullable, unless null); the first rule says what is missing. */
export function presence({ optional, nullable }: Presence) {
  if (nullable) return [ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined)];
  if (optional) return [Optional(), IsDefined({ message: '$property must not be null: leave it out instead' })];
  return [IsDefined({ message: '$property is required' })];
}

/** The OpenAPI entry of a field: required, or optional (and nullable) as its presence says. */
export function documented(options: Presence, schema: Record<string, unknown>) {
  const required = !options.optional && !options.nullable;
  return required ? ApiProperty(schema) : ApiPropertyOptional({ ...schema, ...(options.nullable ? { nullable: true } : {}) });
}

/** An absent field may be left out; this one says so explicitly, for rules that have no presence option. */
export const Optional = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

export const MoneyField = (description: string, options: Presence = {}) =>
  applyDecorators(
    documented(options, { type: String, example: '1234.50', description, pattern: MONEY_TEXT.source }),
    ...presence(options),
    IsString({ message: '$property must be a decimal string such as "1234.50"' }),
    Matches(MONEY_TEXT, { message: '$property must be a non-negative decimal string with at most 13 integer digits, such as "1234.50"' }),
  );

export const RateField = (description: string, options: Presence = {}) =>
  applyDecorators(
    documented(options, { type: String, example: '0.20', description: `${description} (in [0, 1], at most 6 decimals)`, pattern: RATE_TEXT.source }),
    ...presence(options),
    IsString({ message: '$property must be a decimal string in [0, 1] such as "0.20"' }),
    Matches(RATE_TEXT, { message: '$property must be a decimal string in [0, 1] with at most 6 decimals, such as "0.20"' }),
  );

/** Base-currency units per document-currency unit (ADR 0007), e.g. "1.0825"; > 0 is checked by the decider. */
export const ExchangeRateField = (description: string, options: { nullable?: boolean } = {}) =>
  applyDecorators(
    documented({ optional: true, ...options }, { type: String, example: '1.0825', description, pattern: EXCHANGE_RATE_TEXT.source }),
    ...presence({ optional: true, ...options }),
    IsString({ message: '$property must be a decimal string such as "1.0825"' }),
    Matches(EXCHANGE_RATE_TEXT, { message: '$property must be a positive decimal string such as "1.0825" (at most 9 integer digits and 10 decimals)' }),
  );

/**
 * A JSON number > 0, ≤ 999,999,999.999, with at most 3 decimals. The request parser has already refused
 * numbers JavaScript cannot hold exactly, so the decimals counted here are the ones the caller sent.
 */
export const QuantityField = (description: string, options: Presence = {}) =>
  applyDecorators(
    documented(options, {
      type: Number,
      example: 2.5,
      description: `${description} (> 0, at most ${MAX_QUANTITY}, at most 3 decimals)`,
      exclusiveMinimum: 0,
      maximum: MAX_QUANTITY,
      multipleOf: 0.001,
    }),
    ...presence(options),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' }),
    ValidateBy({
      name: 'isQuantity',
      validator: { validate: (value) => isQuantity(value), defaultMessage: () => `$property must be > 0 and ≤ ${MAX_QUANTITY} with at most 3 decimals` },
    }),
  );

const CONTROL = /^[^\p{Cc}]*$/u;
const CONTROL_BUT_NEWLINES = /^[^\p{Cc}]*(?:[\n\r\t][^\p{Cc}]*)*$/u;

/**
 * Text: trimmed, then non-empty, at most `max` UTF-16 units, and free of control characters (a multiline
 * field may hold newlines and tabs). NUL and lone surrogates never get this far: the request parser
 * refuses them anywhere in a body.
 */
export const TextField = (description: string, max: number, options: Presence & { example?: string; multiline?: boolean } = {}) =>
  applyDecorators(
    documented(options, { type: String, description, minLength: 1, maxLength: max, ...(options.example ? { example: options.example } : {}) }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    ...presence(options),
    IsString({ message: '$property must be a string' }),
    IsNotEmpty({ message: '$property must not be empty or blank' }),
    MaxLength(max, { message: `$property must be at most ${max} characters` }),
    Matches(options.multiline ? CONTROL_BUT_NEWLINES : CONTROL, { message: '$property must not contain control characters' }),
  );

/** A calendar day (YYYY-MM-DD) from 1900 to 2999. */
export const DateField = (description: string, options: Presence = {}) =>
  applyDecorators(
    documented(options, { type: String, format: 'date', example: '2026-11-23', description }),
    ...presence(options),
    ValidateBy({
      name: 'isCalendarDate',
      validator: { validate: (value) => isCalendarDate(value), defaultMessage: () => `$property must be a calendar date from ${MIN_DATE} to ${MAX_DATE}, such as 2026-11-23` },
    }),
  );

export const CurrencyField = (description: string, options: Presence = {}) =>
  applyDecorators(
    documented(options, { type: String, example: 'EUR', description, pattern: '^[A-Z]{3}$' }),
    ...presence(options),
    IsString({ message: '$property must be an ISO 4217 code such as EUR' }),
    Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code such as EUR' }),
  );

export const EnumField = <T extends string>(values: readonly T[], description: string, options: Presence = {}) =>
  applyDecorators(documented(options, { enum: values, description }), ...presence(options), IsIn(values, { message: `$property must be one of ${values.join(', ')}` }));

/** The id of another record (a UUID); `what` names it in the message ("a supplier id"). */
export const UuidField = (description: string, what: string, options: Presence = {}) =>
  applyDecorators(documented(options, { type: String, format: 'uuid', description }), ...presence(options), IsUUID(undefined, { message: `$property must be ${what} (UUID)` }));

export const BooleanField = (description: string, options: Presence = {}) =>
  applyDecorators(documented(options, { type: Boolean, description }), ...presence(options), IsBoolean({ message: '$property must be true or false' }));

export const IntegerField = (description: string, min: number, max: number, options: Presence & { example?: number } = {}) =>
  applyDecorators(
    documented(options, { type: 'integer', minimum: min, maximum: max, description, ...(options.example === undefined ? {} : { example: options.example }) }),
    ...presence(options),
    IsInt({ message: '$property must be a whole number' }),
    Min(min, { message: `$property must be at least ${min}` }),
    Max(max, { message: `$property must be at most ${max}` }),
  );

/** A list of nested objects (document lines, allocations): at most MAX_LINES, at least one where `nonEmpty`. */
export const ListField = (type: () => new () => object, options: Presence & { nonEmpty?: boolean; description?: string } = {}) =>
  applyDecorators(
    documented(options, { type: [type()], maxItems: MAX_LINES, ...(options.nonEmpty ? { minItems: 1 } : {}), ...(options.description ? { description: options.description } : {}) }),
    ...presence(options),
    IsArray({ message: '$property must be an array' }),
    ...(options.nonEmpty ? [ArrayNotEmpty({ message: '$property must hold at least one entry' })] : []),
    ArrayMaxSize(MAX_LINES, { message: `$property may hold at most ${MAX_LINES} entries` }),
    ValidateNested({ each: true }),
    Type(type),
  );
