import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORDER_TYPES, type OrderType } from '@ledgerline/domain/sales-order/events';
import { AddressDto } from '../customers/customer.dto';
import { ExchangeRateField, MoneyField, QuantityField } from '../http/dto-rules';
import { SKU_PATTERN } from '../products/product.dto';

const DISCOUNT = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

export class OrderLineDto {
  @ApiProperty({ example: 'WIDGET-1' })
  @Matches(SKU_PATTERN, { message: 'sku must be a product sku' })
  sku: string;

  @QuantityField('Quantity ordered')
  quantity: number;

  @MoneyField('Unit price in the order currency; default: the product price', { optional: true })
  unitPrice?: string;

  @ApiPropertyOptional({ type: String, example: '0.10', description: 'Discount in [0, 1]; default "0"' })
  @IsOptional()
  @Matches(DISCOUNT, { message: 'discount must be a decimal string in [0, 1] such as "0.10"' })
  discount?: string;
}

export class CreateOrderDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId: string;

  @ApiPropertyOptional({ enum: ORDER_TYPES, default: 'standard' }) @IsOptional() @IsIn(ORDER_TYPES) type?: OrderType;

  @ApiPropertyOptional({ example: 'EUR', description: "ISO 4217; default: the customer's currency" })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @IsISO8601({ strict: true }) requestedDeliveryDate?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) customerReference?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto;

  @ApiPropertyOptional({ enum: ['ordered', 'delivered'], description: "Overrides the customer's invoice policy" })
  @IsOptional()
  @IsIn(['ordered', 'delivered'])
  invoicePolicy?: 'ordered' | 'delivered';

  @ExchangeRateField('Base-currency units per unit of the order currency; needed to confirm an order not in the base currency')
  exchangeRate?: string;

  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines: OrderLineDto[];
}

export class ChangeLineDto {
  @QuantityField('New quantity', { optional: true })
  quantity?: number;

  @MoneyField('New unit price', { optional: true })
  unitPrice?: string;

  @ApiPropertyOptional({ type: String, example: '0.05' })
  @IsOptional()
  @Matches(DISCOUNT, { message: 'discount must be a decimal string in [0, 1] such as "0.10"' })
  discount?: string;
}

export class ReasonDto {
  @ApiPropertyOptional({ description: 'Kept on the event' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class ConfirmDto extends ReasonDto {
  @ApiPropertyOptional({
    description: 'Confirm past the credit limit (needs the credit-override permission); recorded on the event with the reason',
  })
  @IsOptional()
  @IsBoolean()
  overrideCreditLimit?: boolean;
}

export class LineQuantityDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() lineId: string;
  @QuantityField('Quantity') quantity: number;
}

export class LinesDto {
  @ApiProperty({ type: [LineQuantityDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => LineQuantityDto)
  lines: LineQuantityDto[];
}

export class InvoiceLinesDto extends LinesDto {
  @ApiPropertyOptional({ example: '2026-11-23', description: 'Invoice date (default: today, UTC)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'invoiceDate must be a date such as 2026-11-23' })
  @IsISO8601({ strict: true })
  invoiceDate?: string;

  @ExchangeRateField("Base-currency units per unit of the order currency; default: the order's rate")
  exchangeRate?: string;
}

export class CreditNoteDto extends LinesDto {
  @ApiProperty({ description: 'Why the invoice is corrected; kept on the credit note' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({
    default: false,
    description: 'true: the credited quantity may be invoiced again (invoicedQuantity drops); false: it stays invoiced (creditedQuantity grows)',
  })
  @IsOptional()
  @IsBoolean()
  reopenBilling?: boolean;

  @ApiPropertyOptional({ example: '2026-11-23', description: 'Credit note date (default: today, UTC)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'creditDate must be a date such as 2026-11-23' })
  @IsISO8601({ strict: true })
  creditDate?: string;
}

/** PATCH of a draft's header; null clears a field. */
export class UpdateOrderDto {
  @ApiPropertyOptional({ example: '2026-12-01', nullable: true })
  @ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined)
  @IsISO8601({ strict: true })
  requestedDeliveryDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(100)
  customerReference?: string | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto | null;

  @ApiPropertyOptional({ enum: ['ordered', 'delivered'], nullable: true })
  @ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined)
  @IsIn(['ordered', 'delivered'])
  invoicePolicy?: 'ordered' | 'delivered' | null;

  @ExchangeRateField('Base-currency units per unit of the order currency; null clears it', { nullable: true })
  exchangeRate?: string | null;
}
