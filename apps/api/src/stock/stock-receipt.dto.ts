import { ApiProperty } from '@nestjs/swagger';
import { MoneyField, QuantityField } from '../http/dto-rules';
import { SkuField } from '../products/product.dto';

export class ReceiveStockDto {
  @SkuField('The product received') sku: string;

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
