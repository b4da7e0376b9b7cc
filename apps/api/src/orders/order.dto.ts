import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { TEXT_LIMITS } from '@ledgerline/domain/shared/bounds';
import { ORDER_CHANNELS, ORDER_TYPES, type OrderChannel, type OrderType } from '@ledgerline/domain/sales-order/events';
import { AddressDto, AddressField } from '../customers/customer.dto';
import { BooleanField, CurrencyField, DateField, EnumField, ExchangeRateField, ListField, MoneyField, QuantityField, RateField, TextField } from '../http/dto-rules';
import { SkuField } from '../products/product.dto';

export class OrderLineDto {
  @SkuField('The product ordered') sku: string;

  @QuantityField('Quantity ordered')
  quantity: number;

  @MoneyField('Unit price in the order currency; default: the product price', { optional: true })
  unitPrice?: string;

  @RateField('Discount; default "0"', { optional: true })
  discount?: string;
}

export class CreateOrderDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID(undefined, { message: 'customerId must be a customer id (UUID)' }) customerId: string;

  @EnumField(ORDER_TYPES, 'Order type; default standard', { optional: true }) type?: OrderType;

  @CurrencyField("ISO 4217; default: the customer's currency", { optional: true }) currency?: string;

  @DateField('Day the customer wants the goods', { optional: true }) requestedDeliveryDate?: string;

  @TextField("The customer's own reference (PO number): unique among the customer's orders that are not discarded", TEXT_LIMITS.reference, { optional: true })
  customerReference?: string;

  @EnumField(ORDER_CHANNELS, 'Where the order came from; default manual', { optional: true }) channel?: OrderChannel;

  @AddressField('Where to ship; default: the customer’s shipping address', { optional: true }) shippingAddress?: AddressDto;

  @EnumField(['ordered', 'delivered'] as const, "Overrides the customer's invoice policy", { optional: true })
  invoicePolicy?: 'ordered' | 'delivered';

  @ExchangeRateField('Base-currency units per unit of the order currency; needed to confirm an order not in the base currency')
  exchangeRate?: string;

  @ListField(() => OrderLineDto) lines: OrderLineDto[];
}

export class ChangeLineDto {
  @QuantityField('New quantity', { optional: true })
  quantity?: number;

  @MoneyField('New unit price', { optional: true })
  unitPrice?: string;

  @RateField('New discount', { optional: true })
  discount?: string;
}

export class ReasonDto {
  @TextField('Kept on the event', TEXT_LIMITS.reason, { optional: true }) reason?: string;
}

export class ConfirmDto extends ReasonDto {
  @BooleanField('Confirm past the credit limit (needs the credit-override permission); recorded on the event with the reason', { optional: true })
  overrideCreditLimit?: boolean;
}

export class LineQuantityDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID(undefined, { message: 'lineId must be a line id (UUID)' }) lineId: string;
  @QuantityField('Quantity') quantity: number;
}

export class LinesDto {
  @ListField(() => LineQuantityDto, { nonEmpty: true }) lines: LineQuantityDto[];
}

export class InvoiceLinesDto extends LinesDto {
  @DateField('Invoice date (default: today, UTC)', { optional: true }) invoiceDate?: string;

  @ExchangeRateField("Base-currency units per unit of the order currency; default: the order's rate")
  exchangeRate?: string;
}

export class CreditNoteDto extends LinesDto {
  @TextField('Why the invoice is corrected; kept on the credit note', TEXT_LIMITS.reason) reason: string;

  @BooleanField(
    'true: the credited quantity may be invoiced again (invoicedQuantity drops); false (default): it stays invoiced (creditedQuantity grows)',
    { optional: true },
  )
  reopenBilling?: boolean;

  @DateField('Credit note date (default: today, UTC)', { optional: true }) creditDate?: string;
}

/** PATCH of a draft's header; null clears a field. */
export class UpdateOrderDto {
  @DateField('Day the customer wants the goods; null clears it', { nullable: true }) requestedDeliveryDate?: string | null;

  @TextField("The customer's own reference; null clears it", TEXT_LIMITS.reference, { nullable: true }) customerReference?: string | null;

  @AddressField('Where to ship; null clears it', { nullable: true }) shippingAddress?: AddressDto | null;

  @AddressField('Where the invoice goes; null clears it', { nullable: true }) billingAddress?: AddressDto | null;

  @EnumField(['ordered', 'delivered'] as const, "Overrides the customer's invoice policy; null: the customer's", { nullable: true })
  invoicePolicy?: 'ordered' | 'delivered' | null;

  @ExchangeRateField('Base-currency units per unit of the order currency; null clears it', { nullable: true })
  exchangeRate?: string | null;
}
