import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MoneyField } from '../http/dto-rules';

export class AddressDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) line1: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) city: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) postalCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) region?: string;
  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country: string;
}

export class CreateCustomerDto {
  @ApiProperty({ example: 'Acme GmbH' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; defaults to BASE_CURRENCY' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @MoneyField('Credit limit in the customer currency; null or absent: unlimited', { optional: true, nullable: true })
  creditLimit?: string | null;

  @ApiPropertyOptional({ example: 30, description: 'Days from invoice date to due date (default 30)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  paymentTermsDays?: number;

  @ApiPropertyOptional({ enum: ['ordered', 'delivered'], description: 'Invoice on ordered (default) or on shipped quantities' })
  @IsOptional()
  @IsIn(['ordered', 'delivered'])
  invoicePolicy?: 'ordered' | 'delivered';

  @ApiPropertyOptional({ example: 'ap@acme.example' }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  billingAddress?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto;
}

export class UpdateCustomerDto extends PartialType(CreateCustomerDto) {
  @ApiPropertyOptional({ description: 'true blocks the customer (no new orders); false unblocks' })
  @IsOptional()
  @IsBoolean()
  blocked?: boolean;

  @ApiPropertyOptional({ description: 'Why the customer is blocked (kept on the event)' })
  @ValidateIf((dto: UpdateCustomerDto) => dto.blockReason !== undefined)
  @IsString()
  @MaxLength(500)
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
