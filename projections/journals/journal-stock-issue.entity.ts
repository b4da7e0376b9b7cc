import { Entity } from 'typeorm';
import { ShipmentLineIssueColumns } from '../shared/stock-valuation/valued-stock.columns';

/** What each shipment line issued and what came back of it (README.md): returns reverse COGS at this cost. */
@Entity({ name: 'journal_stock_issues' })
export class JournalStockIssueEntity extends ShipmentLineIssueColumns {}
