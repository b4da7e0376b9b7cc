import type { Money } from '../../../libs/domain/shared/money';
import type { Quantity } from '../../../libs/domain/shared/quantity';
import { emptyValuation, issue, PricedMovement, receive, returnToStock, zeroMoney } from './valuation';
import { issueKey, ShipmentLineIssue, SkuValuation, ValuedStockChanges, ValuedStockState } from './valued-stock';

/** A sku without a receipt has no currency yet: its (zero) amounts round to 2 decimals, minorDigits' default. */
export const NO_CURRENCY = '';

/** A new sku's valuation row: nothing on hand, no currency yet. */
export const newSkuValuation = (sku: string, position: string): SkuValuation => ({ sku, currency: null, valuation: emptyValuation(NO_CURRENCY), updatedPosition: position });

/** A movement valued: the sku row it moved (already revalued), the currency of its amounts, and its price. */
export interface ValuedMovement<S extends SkuValuation> {
  stock: S;
  currency: string;
  priced: PricedMovement;
}

export interface ValuedStockOptions<S extends SkuValuation> {
  /** The projection's row for a sku it sees for the first time. */
  newSku: (sku: string, position: string) => S;
  /** Where the projection says which skus a batch loads: named when the fold touches one it did not. */
  touchedKeysIn: string;
}

/**
 * The valuation part of a stock fold, shared by the stock and the journals projections so that both
 * price every receipt, issue and return with the same rules in the same order (valuation.ts): each keeps
 * the result in its own rows (`state`, `changes`), which this updates in place. An event that
 * contradicts the rows (a receipt in another currency than the sku's earlier ones, a shipment line
 * shipped twice, a return to a line that never shipped) throws: the runtime stops the projection there.
 */
export class ValuedStockFold<S extends SkuValuation> {
  private position = '';

  constructor(
    private readonly state: ValuedStockState<S>,
    private readonly changes: ValuedStockChanges<S>,
    private readonly options: ValuedStockOptions<S>,
  ) {}

  /** The log position of the event being folded: the `updatedPosition` of the rows it changes. */
  at(position: string): void {
    this.position = position;
  }

  /** Goods in at `unitCost`; a sku's receipts are all in one currency. */
  receive({ receiptId, sku, quantity, unitCost, currency }: { receiptId: string; sku: string; quantity: Quantity; unitCost: Money; currency: string }): ValuedMovement<S> {
    const stock = this.sku(sku);
    if (stock.currency !== null && stock.currency !== currency) {
      throw new Error(`Receipt ${receiptId} of ${sku} is in ${currency}, earlier receipts in ${stock.currency}: values cannot mix currencies`);
    }
    stock.currency = currency;
    return this.revalue(stock, currency, receive(stock.valuation, quantity, unitCost, currency));
  }

  /** Goods out on a shipment line at the average of this moment; remembers what the line issued. */
  issue(shipmentId: string, orderId: string, { lineId, sku, quantity }: { lineId: string; sku: string; quantity: Quantity }): ValuedMovement<S> {
    const key = issueKey(shipmentId, lineId);
    if (this.state.issues.has(key)) throw new Error(`Shipment ${shipmentId} line ${lineId} shipped twice`);
    const stock = this.sku(sku);
    const currency = currencyOf(stock);
    const priced = issue(stock.valuation, quantity, currency);
    const issued: ShipmentLineIssue = { shipmentId, lineId, orderId, sku, quantity, unitCost: priced.unitCost, amount: priced.amount, returnedQuantity: 0, returnedAmount: zeroMoney(currency) };
    this.state.issues.set(key, issued);
    this.changes.issues.add(issued);
    return this.revalue(stock, currency, priced);
  }

  /** What a shipment line issued; throws for a line that never shipped. */
  issued(shipmentId: string, lineId: string): ShipmentLineIssue {
    const issued = this.state.issues.get(issueKey(shipmentId, lineId));
    if (!issued) throw new Error(`Return to shipment ${shipmentId} line ${lineId}, which never shipped`);
    return issued;
  }

  /** Goods back from a shipment line at its issue cost, to the line's sku (not the event's: the goods come back to what was issued). */
  returnToStock(issued: ShipmentLineIssue, quantity: Quantity): ValuedMovement<S> {
    const stock = this.sku(issued.sku);
    const currency = currencyOf(stock);
    const priced = returnToStock(stock.valuation, issued, quantity, currency);
    Object.assign(issued, priced.issued);
    this.changes.issues.add(issued);
    return this.revalue(stock, currency, priced);
  }

  /** The sku's row, new when the batch loaded it and found none; a sku it did not load is a bug of the loader. */
  sku(sku: string): S {
    let stock = this.state.skus.get(sku);
    if (!stock) {
      if (!this.state.loadedSkus.has(sku)) throw new Error(`Stock of ${sku} touched without being loaded (${this.options.touchedKeysIn} touchedKeys misses a case)`);
      stock = this.options.newSku(sku, this.position);
      this.state.skus.set(sku, stock);
    }
    return stock;
  }

  /** Marks the sku's row changed at this position. */
  touch(stock: S): void {
    stock.updatedPosition = this.position;
    this.changes.skus.add(stock);
  }

  private revalue(stock: S, currency: string, priced: PricedMovement): ValuedMovement<S> {
    stock.valuation = priced.after;
    this.touch(stock);
    return { stock, currency, priced };
  }
}

const currencyOf = (stock: SkuValuation): string => stock.currency ?? NO_CURRENCY;
