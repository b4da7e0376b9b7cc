import { applyDecorators } from '@nestjs/common';
import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, Matches, ValidateNested } from 'class-validator';
import { TEXT_LIMITS } from '@ledgerline/domain/shared/bounds';
import { BooleanField, CurrencyField, EnumField, IntegerField, MoneyField, Presence, TextField, documented, presence } from '../http/dto-rules';

export class AddressDto {
  @TextField('Street and number', TEXT_LIMITS.addressLine) line1: string;
  @TextField('More of the address', TEXT_LIMITS.addressLine, { optional: true }) line2?: string;
  @TextField('City', TEXT_LIMITS.city) city: string;
  @TextField('Postal code', TEXT_LIMITS.postalCode, { optional: true }) postalCode?: string;
  @TextField('Region or state', TEXT_LIMITS.region, { optional: true }) region?: string;
  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2', pattern: '^[A-Z]{2}$' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country: string;
}

/** A nested address: an object validated field by field. */
export const AddressField = (description: string, options: Presence = {}) =>
  applyDecorators(
    documented(options, { type: AddressDto, description }),
    ...presence(options),
    IsObject({ message: '$property must be an address object' }),
    ValidateNested(),
    Type(() => AddressDto),
  );

export const EmailField = (options: Presence = {}) =>
  applyDecorators(
    TextField('Email address', TEXT_LIMITS.email, { ...options, example: 'ap@acme.example' }),
    IsEmail({}, { message: '$property must be an email address' }),
  );

export class CreateCustomerDto {
  @TextField('Customer name', TEXT_LIMITS.name, { example: 'Acme GmbH' }) name: string;

  @CurrencyField('ISO 4217; defaults to BASE_CURRENCY', { optional: true }) currency?: string;

  @MoneyField('Credit limit in the customer currency; null or absent: unlimited', { nullable: true })
  creditLimit?: string | null;

  @IntegerField('Days from invoice date to due date (default 30)', 0, 3650, { optional: true, example: 30 }) paymentTermsDays?: number;

  @EnumField(['ordered', 'delivered'] as const, 'Invoice on ordered (default) or on shipped quantities', { optional: true })
  invoicePolicy?: 'ordered' | 'delivered';

  @EmailField({ optional: true }) email?: string;

  @AddressField('Billing address', { optional: true }) billingAddress?: AddressDto;

  @AddressField('Shipping address', { optional: true }) shippingAddress?: AddressDto;
}

/** PATCH: any create field; null is refused except where it clears something (limit, email, addresses). */
export class UpdateCustomerDto extends PartialType(OmitType(CreateCustomerDto, ['email', 'billingAddress', 'shippingAddress'] as const), {
  skipNullProperties: false,
}) {
  @EmailField({ nullable: true }) email?: string | null;

  @AddressField('Billing address; null clears it', { nullable: true }) billingAddress?: AddressDto | null;

  @AddressField('Shipping address; null clears it', { nullable: true }) shippingAddress?: AddressDto | null;

  @BooleanField('true blocks the customer (no new orders); false unblocks', { optional: true })
  blocked?: boolean;

  @TextField('Why the customer is blocked (kept on the event)', TEXT_LIMITS.reason, { optional: true })
  blockReason?: string;
}

export class CustomerResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: String, nullable: true, example: '5000.00' }) creditLimit: string | null;
  @ApiProperty() paymentTermsDays: number;
  @ApiProperty({ enum: ['ordered', 'delivered'] }) invoicePolicy: string;
  @ApiProperty() blocked: boolean;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: AddressDto, nullable: true }) billingAddress: AddressDto | null;
  @ApiProperty({ type: AddressDto, nullable: true }) shippingAddress: AddressDto | null;
  @ApiProperty({ description: 'Stream revision (also the ETag)' }) version: number;
  @ApiProperty({ description: 'Global log position of the last event' }) position: string;
}
