import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { TEXT_LIMITS } from '@ledgerline/domain/shared/bounds';
import { BooleanField, EnumField, MoneyField, RateField, TextField, UuidField } from '../http/dto-rules';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const SkuField = (description: string) =>
  applyDecorators(
    ApiProperty({ example: 'WIDGET-1', description, pattern: SKU_PATTERN.source }),
    IsString({ message: '$property must be a sku' }),
    Matches(SKU_PATTERN, { message: '$property must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' }),
  );

export class CreateProductDto {
  @SkuField('Unique, case-sensitive: letters, digits, . _ - (max 64)') sku: string;

  @TextField('Product name', TEXT_LIMITS.name, { example: 'Widget' }) name: string;

  @EnumField(['stocked', 'service'] as const, 'Stocked goods are shipped from stock; services are only invoiced') kind: 'stocked' | 'service';

  @MoneyField('Net unit price in the base currency')
  unitPrice: string;

  @RateField('Tax rate, e.g. "0.20"')
  taxRate: string;

  @MoneyField('Standard unit cost (stocked products only)', { optional: true })
  unitCost?: string;
}

/** PATCH: what may change after creation; null clears the fields that may be empty. Kind and currency stay. */
export class UpdateProductDto {
  @TextField('Product name', TEXT_LIMITS.name, { optional: true }) name?: string;
  @MoneyField('Net unit price in the base currency, for lines added from now on', { optional: true }) unitPrice?: string;
  @RateField('Tax rate, for lines added from now on', { optional: true }) taxRate?: string;
  @MoneyField('Standard unit cost (stocked products only); null clears it', { nullable: true }) unitCost?: string | null;
  @UuidField('Default supplier; null clears it', 'a supplier id', { nullable: true }) supplierId?: string | null;
  @MoneyField("The default supplier's price per unit, in the base currency; null clears it", { nullable: true }) purchasePrice?: string | null;
  @BooleanField('false: no new line may take the product (lines already on documents keep it); true: it may again', { optional: true })
  active?: boolean;
}

export class ProductResponse {
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['stocked', 'service'] }) kind: string;
  @ApiProperty() currency: string;
  @ApiProperty({ example: '10.50' }) unitPrice: string;
  @ApiProperty({ example: '0.20' }) taxRate: string;
  @ApiPropertyOptional({ type: String, nullable: true }) unitCost: string | null;
  @ApiProperty({ description: 'false: no new line may take it' }) active: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supplierId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3.50' }) purchasePrice: string | null;
  @ApiProperty() version: number;
  @ApiProperty() position: string;
}
