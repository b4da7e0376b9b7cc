import { Entity } from 'typeorm';
import { SkuValuationColumns } from '../shared/stock-valuation/valued-stock.columns';

/**
 * The journals projection's moving-average valuation of each sku (README.md): the same figures as the stock
 * projection's `stock_levels`, kept here so COGS is priced inside this projection's own transaction.
 */
@Entity({ name: 'journal_stock_valuations' })
export class JournalStockValuationEntity extends SkuValuationColumns {}
