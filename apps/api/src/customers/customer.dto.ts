import { applyDecorators } from '@nestjs/common';
import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, Matches, ValidateNested } from 'class-validator';
import { CONTACT_ROLES, type ContactRole } from '@ledgerline/domain/customer/customer';
import { TEXT_LIMITS } from '@ledgerline/domain/shared/bounds';
import { BooleanField, CurrencyField, EnumField, IntegerField, MoneyField, Presence, TextField, UuidField, documented, presence } from '../http/dto-rules';

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

/** A person at the customer; the role says what they are the contact for. */
export class ContactDto {
  @TextField('Full name', TEXT_LIMITS.name, { example: 'Jana Nováková' }) name: string;
  @EmailField({ optional: true }) email?: string;
  @TextField('Phone number, as dialled', TEXT_LIMITS.phone, { optional: true, example: '+49 30 1234567' })
  @Matches(/^\+?[0-9][0-9 ()./-]*$/, { message: 'phone must be digits, spaces and ( ) . / - with an optional leading +' })
  phone?: string;
  @EnumField(CONTACT_ROLES, 'What the contact is for') role: ContactRole;
}

export class ContactResponse extends ContactDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
}

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

  @UuidField('The account manager (a salesperson id)', 'a salesperson id', { optional: true }) salespersonId?: string;
}

/** PATCH: any create field; null is refused except where it clears something (limit, email, addresses). */
export class UpdateCustomerDto extends PartialType(OmitType(CreateCustomerDto, ['email', 'billingAddress', 'shippingAddress', 'salespersonId'] as const), {
  skipNullProperties: false,
}) {
  @EmailField({ nullable: true }) email?: string | null;

  @AddressField('Billing address; null clears it', { nullable: true }) billingAddress?: AddressDto | null;

  @AddressField('Shipping address; null clears it', { nullable: true }) shippingAddress?: AddressDto | null;

  @UuidField('The account manager (a salesperson id); null: none', 'a salesperson id', { nullable: true }) salespersonId?: string | null;

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
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) salespersonId: string | null;
  @ApiProperty({ type: [ContactResponse] }) contacts: ContactResponse[];
  @ApiProperty({ description: 'Stream revision (also the ETag)' }) version: number;
  @ApiProperty({ description: 'Global log position of the last event' }) position: string;
}
