import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { MoneyField, QuantityField } from '../http/dto-rules';
import { SKU_PATTERN } from '../products/product.dto';

export class ReceiveStockDto {
  @ApiProperty({ example: 'WIDGET-1' })
  @Matches(SKU_PATTERN, { message: 'sku must be a product sku' })
  sku: string;

  @QuantityField('Quantity received')
  quantity: number;

  @MoneyField('Unit cost of this receipt in the base currency')
  unitCost: string;
}

export class StockReceiptResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sku: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ example: '4.10' }) unitCost: string;
  @ApiProperty() currency: string;
  @ApiProperty() version: number;
  @ApiProperty() position: string;
}
