import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsPositive, IsString, Matches, ValidateIf } from 'class-validator';

/**
 * Field rules shared by the DTOs, so that money, rates and quantities read the same everywhere (api.md
 * "Conventions"). Exact minor digits per currency are checked by the decider, which knows the currency.
 */
const MONEY = /^\d{1,15}(\.\d{1,3})?$/;
const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

export const MoneyField = (description: string, options: { optional?: boolean; nullable?: boolean } = {}) =>
  applyDecorators(
    options.optional ? ApiPropertyOptional({ type: String, example: '1234.50', description, nullable: options.nullable }) : ApiProperty({ type: String, example: '1234.50', description }),
    // Nullable fields accept null (e.g. no credit limit) and, when optional, absence.
    ...(options.nullable ? [ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined)] : options.optional ? [IsOptional()] : []),
    IsString({ message: '$property must be a decimal string such as "1234.50"' }),
    Matches(MONEY, { message: '$property must be a non-negative decimal string such as "1234.50"' }),
  );

export const RateField = (description: string) =>
  applyDecorators(
    ApiProperty({ type: String, example: '0.20', description }),
    IsString({ message: '$property must be a decimal string in [0, 1] such as "0.20"' }),
    Matches(RATE, { message: '$property must be a decimal string in [0, 1] such as "0.20"' }),
  );

export const QuantityField = (description: string, options: { optional?: boolean } = {}) =>
  applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({ type: Number, example: 2.5, description: `${description} (> 0, at most 3 decimals)` }),
    ...(options.optional ? [IsOptional()] : []),
    IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false }, { message: '$property must be a number with at most 3 decimals' }),
    IsPositive({ message: '$property must be greater than 0' }),
  );

const EXCHANGE_RATE = /^\d{1,9}(\.\d{1,10})?$/;

/** Base-currency units per document-currency unit (ADR 0007), e.g. "1.0825"; > 0 is checked by the decider. */
export const ExchangeRateField = (description: string, options: { nullable?: boolean } = {}) =>
  applyDecorators(
    ApiPropertyOptional({ type: String, example: '1.0825', description, nullable: options.nullable }),
    ValidateIf((_: unknown, value: unknown) => value !== undefined && !(options.nullable && value === null)),
    IsString({ message: '$property must be a decimal string such as "1.0825"' }),
    Matches(EXCHANGE_RATE, { message: '$property must be a positive decimal string such as "1.0825" (at most 10 decimals)' }),
  );
