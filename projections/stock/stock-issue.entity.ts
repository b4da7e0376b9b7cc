import { Entity } from 'typeorm';
import { ShipmentLineIssueColumns } from '../shared/stock-valuation/valued-stock.columns';

/**
 * What each shipment line issued and what has come back of it (README.md): returns are priced from it, so
 * goods come back at their issue cost whatever the average has done since.
 */
@Entity({ name: 'stock_issues' })
export class StockIssueEntity extends ShipmentLineIssueColumns {}
