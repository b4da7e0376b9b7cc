import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { ExchangeRateField, MoneyField } from '../http/dto-rules';

export class AllocationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() invoiceId: string;
  @MoneyField("Amount allocated to the invoice, in the payment's currency (≤ its outstanding amount)") amount: string;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId: string;

  @MoneyField('Amount received (> 0)') amount: string;

  @ApiPropertyOptional({ example: 'EUR', description: "ISO 4217; default: the customer's currency" })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ example: '2026-11-23', description: 'The day the money arrived (default: today, UTC)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date such as 2026-11-23' })
  @IsISO8601({ strict: true })
  receivedOn?: string;

  @ExchangeRateField('Base-currency units per unit of the payment currency; required when the payment is not in the base currency')
  exchangeRate?: string;

  @ApiPropertyOptional({ type: [AllocationDto], description: 'Invoices this payment settles; the rest is unapplied credit' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AllocationDto)
  allocations?: AllocationDto[];
}

export class ApplyCreditDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() invoiceId: string;
  @MoneyField("Unapplied credit to move onto the invoice, in the invoice's currency") amount: string;
}
