import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrencyField, DateField, ExchangeRateField, ListField, MoneyField } from '../http/dto-rules';

export class AllocationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID(undefined, { message: 'invoiceId must be an invoice id (UUID)' }) invoiceId: string;
  @MoneyField("Amount allocated to the invoice, in the payment's currency (≤ its outstanding amount)") amount: string;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID(undefined, { message: 'customerId must be a customer id (UUID)' }) customerId: string;

  @MoneyField('Amount received (> 0)') amount: string;

  @CurrencyField("ISO 4217; default: the customer's currency", { optional: true }) currency?: string;

  @DateField('The day the money arrived (default: today, UTC)', { optional: true }) receivedOn?: string;

  @ExchangeRateField('Base-currency units per unit of the payment currency; required when the payment is not in the base currency')
  exchangeRate?: string;

  @ListField(() => AllocationDto, { optional: true, description: 'Invoices this payment settles; the rest is unapplied credit' })
  allocations?: AllocationDto[];
}

export class ApplyCreditDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID(undefined, { message: 'invoiceId must be an invoice id (UUID)' }) invoiceId: string;
  @MoneyField("Unapplied credit to move onto the invoice, in the invoice's currency") amount: string;
}
