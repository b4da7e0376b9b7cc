import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { MoneyField, RateField } from '../http/dto-rules';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CreateProductDto {
  @ApiProperty({ example: 'WIDGET-1', description: 'Unique, case-sensitive: letters, digits, . _ - (max 64)' })
  @Matches(SKU_PATTERN, { message: 'sku must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  sku: string;

  @ApiProperty({ example: 'Widget' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;

  @ApiProperty({ enum: ['stocked', 'service'] }) @IsIn(['stocked', 'service']) kind: 'stocked' | 'service';

  @MoneyField('Net unit price in the base currency')
  unitPrice: string;

  @RateField('Tax rate, e.g. "0.20"')
  taxRate: string;

  @MoneyField('Standard unit cost (stocked products only)', { optional: true })
  unitCost?: string;
}

export class ProductResponse {
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['stocked', 'service'] }) kind: string;
  @ApiProperty() currency: string;
  @ApiProperty({ example: '10.50' }) unitPrice: string;
  @ApiProperty({ example: '0.20' }) taxRate: string;
  @ApiPropertyOptional({ type: String, nullable: true }) unitCost: string | null;
  @ApiProperty() version: number;
  @ApiProperty() position: string;
}
