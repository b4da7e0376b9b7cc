import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, ValidateBy } from 'class-validator';
import { isCalendarDate } from '@ledgerline/domain/shared/calendar';
import { CurrencyField, ListField, MoneyField, Optional, QuantityField, RateField } from '../http/dto-rules';
import { SkuField } from '../products/product.dto';

/** A date, or a date-time with an offset: a local time would be a different instant on every server. */
const VALID_UNTIL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const VALID_UNTIL_MESSAGE = 'validUntil must be an ISO 8601 date (2026-05-31) or date-time with offset (2026-05-31T17:00:00Z), from 1900 to 2999';

export class QuoteLineDto {
  @SkuField('The product quoted') sku: string;

  @QuantityField('Quantity quoted')
  quantity: number;

  @MoneyField("Net unit price in the quote currency; default: the product's price", { optional: true })
  unitPrice?: string;

  @RateField('Discount; default "0"', { optional: true })
  discount?: string;
}

export class CreateQuoteDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'customerId must be a customer id (UUID)' })
  customerId: string;

  @ApiPropertyOptional({
    example: '2026-05-31',
    description: 'Last day (UTC) or instant the quote is valid; default: 30 days after today (UTC), through the end of that day',
    pattern: VALID_UNTIL.source,
  })
  @Optional()
  @IsString({ message: VALID_UNTIL_MESSAGE })
  @Matches(VALID_UNTIL, { message: VALID_UNTIL_MESSAGE })
  @ValidateBy({
    name: 'isValidUntil',
    validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)), defaultMessage: () => VALID_UNTIL_MESSAGE },
  })
  validUntil?: string;

  @CurrencyField("ISO 4217; default: the customer's currency", { optional: true }) currency?: string;

  @ListField(() => QuoteLineDto, { description: 'May be empty: a draft can be built line by line' })
  lines: QuoteLineDto[];
}

/** PATCH of a line: null is refused (leave a field out to keep it). */
export class ChangeQuoteLineDto extends PartialType(OmitType(QuoteLineDto, ['sku'] as const), { skipNullProperties: false }) {}

export class AmountsResponse {
  @ApiProperty({ example: '100.00' }) net: string;
  @ApiProperty({ example: '20.00' }) tax: string;
  @ApiProperty({ example: '120.00' }) gross: string;
}

export class QuoteLineResponse {
  @ApiProperty({ format: 'uuid' }) lineId: string;
  @ApiProperty() sku: string;
  @ApiProperty({ enum: ['stocked', 'service'] }) kind: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ example: '10.00' }) unitPrice: string;
  @ApiProperty({ example: '0.00' }) discount: string;
  @ApiProperty({ example: '0.20' }) taxRate: string;
  @ApiProperty({ example: '20.00' }) net: string;
  @ApiProperty({ example: '4.00' }) tax: string;
  @ApiProperty({ example: '24.00' }) gross: string;
}

export class QuoteResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ enum: ['draft', 'sent', 'accepted', 'declined', 'expired'], description: 'expired: open and past validUntil at the time of the request' })
  status: string;
  @ApiProperty({ example: '2026-05-31', description: 'An ISO date (valid through that day, UTC) or an instant in UTC' }) validUntil: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [QuoteLineResponse] }) lines: QuoteLineResponse[];
  @ApiProperty({ type: AmountsResponse }) totals: AmountsResponse;
  @ApiPropertyOptional({ format: 'uuid', description: 'The order it was converted into' }) orderId?: string;
  @ApiProperty({ description: 'Stream revision (also the ETag)' }) version: number;
  @ApiProperty({ description: 'Global log position of the last event' }) position: string;
}

export class ConvertQuoteResponse {
  @ApiProperty({ format: 'uuid', description: 'The draft order; the same on every convert of this quote' }) orderId: string;
  @ApiProperty({ description: "The quote's stream revision after the conversion" }) version: number;
  @ApiProperty({ description: "Global log position of the quote's QuoteConverted event" }) position: string;
}
