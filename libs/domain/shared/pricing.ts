import { ProductKind } from '../product/product';
import { DomainError, NotFoundError } from './domain-error';
import { Money, Rate, moneyField, rateField } from './money';
import { Quantity, quantityField } from './quantity';

/** A product as a document line needs it, looked up by the handler just before deciding. */
export interface ProductFacts {
  sku: string;
  kind: ProductKind;
  currency: string;
  unitPrice: Money;
  taxRate: Rate;
  /** An inactive product takes no new line (domain.md "Master data kept up to date"). */
  active: boolean;
}

/** A line to add: the product as looked up (null: no such sku), and what the caller asked for. */
export interface RequestedLine {
  lineId: string;
  product: ProductFacts | null;
  sku: string;
  quantity: Quantity;
  unitPrice?: Money;
  discount?: Rate;
}

/** A line as priced when it was added: later product changes do not move it. */
export interface PricedLine {
  lineId: string;
  sku: string;
  kind: ProductKind;
  quantity: Quantity;
  unitPrice: Money;
  discount: Rate;
  taxRate: Rate;
}

/**
 * The one pricing rule of quotes and orders: the given unit price or the product's, a discount (default
 * 0), the product's tax rate and kind, all snapshotted. A product priced in another currency needs an
 * explicit unit price: nothing is converted silently.
 */
export function priceLine(line: RequestedLine, currency: string, document: 'order' | 'quote'): PricedLine {
  if (line.product === null) throw new NotFoundError('PRODUCT_NOT_FOUND', `No product with sku ${line.sku}`);
  const { product } = line;
  if (!product.active) {
    throw new DomainError('PRODUCT_INACTIVE', `Product ${product.sku} is inactive: it cannot be put on a new line`, { sku: product.sku });
  }
  if (line.unitPrice === undefined && product.currency !== currency) {
    throw new DomainError(
      'PRICE_CURRENCY_MISMATCH',
      `Product ${product.sku} is priced in ${product.currency}; give a unitPrice in the ${document} currency ${currency}`,
      { sku: product.sku, productCurrency: product.currency, [`${document}Currency`]: currency },
    );
  }
  return {
    lineId: line.lineId,
    sku: product.sku,
    kind: product.kind,
    quantity: quantityField('quantity', line.quantity),
    unitPrice: moneyField('unitPrice', line.unitPrice ?? product.unitPrice, currency),
    discount: rateField('discount', line.discount ?? '0'),
    taxRate: product.taxRate,
  };
}
