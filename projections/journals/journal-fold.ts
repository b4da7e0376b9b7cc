import type { StoredEvent } from '../../libs/event-store/port';
import { emptyValuation, issue, receive, returnToStock, zeroMoney } from '../stock/valuation';
import { ACCOUNTS } from './chart-of-accounts';
import type { JournalEvent, JournalEventEnvelope } from './journal-events';
import { issueKey, JournalChanges, JournalLine, JournalSourceType, JournalState, ShipmentLineIssue, SkuValuation } from './journal-state';
import { balancedEntry, credit, debit, minorUnits } from './postings';

/**
 * Folds a batch of ledger events, in log order, into the in-memory state loaded for it (pure: no
 * database), and returns the entries they post with the valuation rows they changed.
 *
 * Stock is valued with the stock projection's own pure functions (projections/stock/valuation.ts), fed
 * the same movements in the same log order and the same currency rule, so every COGS amount here equals
 * the stock projection's movement amount to the cent and Σ account 1200 equals Σ stock_levels.value.
 *
 * An event that contradicts what the projection knows (a return to a shipment line that never shipped, a
 * receipt in another currency than the sku's earlier ones) throws, and so does an entry that would not
 * balance: the runtime stops this projection at that event rather than guess.
 */
export function foldJournalEvents(state: JournalState, events: readonly JournalEventEnvelope[]): JournalChanges {
  const fold = new JournalFold(state);
  for (const { stored, event } of events) fold.apply(stored, event);
  return fold.changes;
}

/** A sku without a receipt has no currency yet; like the stock projection, its (zero) amounts round to 2 decimals. */
const NO_CURRENCY = '';

class JournalFold {
  readonly changes: JournalChanges = { entries: [], skus: new Set(), issues: new Set() };
  private stored!: StoredEvent;
  private seq = 0;

  constructor(private readonly state: JournalState) {}

  apply(stored: StoredEvent, event: JournalEvent): void {
    this.stored = stored;
    this.seq = 0;
    switch (event.type) {
      case 'StockReceived':
        return this.received(event.data);
      case 'LinesShipped':
        return this.shipped(event.data);
      case 'ShipmentLinesReturned':
        return this.returned(event.data);
      case 'InvoiceIssued':
        return this.invoiced(event.data);
    }
  }

  /** Dr 1200 Inventory / Cr 2000 Goods received not invoiced, round(qty × cost). */
  private received({ receiptId, sku, quantity, unitCost, currency }: Data<'StockReceived'>): void {
    const stock = this.sku(sku);
    if (stock.currency !== null && stock.currency !== currency) {
      throw new Error(`Receipt ${receiptId} of ${sku} is in ${currency}, earlier receipts in ${stock.currency}: values cannot mix currencies`);
    }
    stock.currency = currency;
    const priced = receive(stock.valuation, quantity, unitCost, currency);
    this.revalue(stock, priced.after);
    const amount = minorUnits(priced.amount, currency);
    this.post('stock_receipt', receiptId, null, currency, this.eventDate(), `Stock received: ${quantity} × ${sku} at ${unitCost}`, [
      debit(ACCOUNTS.inventory, amount),
      credit(ACCOUNTS.goodsReceivedNotInvoiced, amount),
    ]);
  }

  /** Dr 5000 COGS / Cr 1200 Inventory at the moving average of this moment in the log (valuation `issue`). */
  private shipped({ orderId, shipmentId, lines }: Data<'LinesShipped'>): void {
    const cost = new AmountsByCurrency();
    for (const { lineId, sku, quantity } of lines) {
      const key = issueKey(shipmentId, lineId);
      if (this.state.issues.has(key)) throw new Error(`Shipment ${shipmentId} line ${lineId} shipped twice`);
      const stock = this.sku(sku);
      const currency = currencyOf(stock);
      const priced = issue(stock.valuation, quantity, currency);
      this.revalue(stock, priced.after);
      const issued: ShipmentLineIssue = { shipmentId, lineId, orderId, sku, quantity, unitCost: priced.unitCost, amount: priced.amount, returnedQuantity: 0, returnedAmount: zeroMoney(currency) };
      this.state.issues.set(key, issued);
      this.changes.issues.add(issued);
      cost.add(currency, priced.amount);
    }
    for (const [currency, amount] of cost) {
      this.post('shipment', shipmentId, orderId, currency, this.eventDate(), `Cost of goods shipped, shipment ${shipmentId}`, [
        debit(ACCOUNTS.costOfGoodsSold, amount),
        credit(ACCOUNTS.inventory, amount),
      ]);
    }
  }

  /** Dr 1200 Inventory / Cr 5000 COGS at the cost the shipment line was issued at (valuation `returnToStock`). */
  private returned({ orderId, shipmentId, lines }: Data<'ShipmentLinesReturned'>): void {
    const cost = new AmountsByCurrency();
    for (const { lineId, quantity } of lines) {
      const issued = this.state.issues.get(issueKey(shipmentId, lineId));
      if (!issued) throw new Error(`Return to shipment ${shipmentId} line ${lineId}, which never shipped`);
      // The shipment line's sku, not the event's: the goods come back to what was issued.
      const stock = this.sku(issued.sku);
      const currency = currencyOf(stock);
      const priced = returnToStock(stock.valuation, issued, quantity, currency);
      this.revalue(stock, priced.after);
      Object.assign(issued, priced.issued);
      this.changes.issues.add(issued);
      cost.add(currency, priced.amount);
    }
    for (const [currency, amount] of cost) {
      this.post('shipment_return', shipmentId, orderId, currency, this.eventDate(), `Goods returned to stock, shipment ${shipmentId}`, [
        debit(ACCOUNTS.inventory, amount),
        credit(ACCOUNTS.costOfGoodsSold, amount),
      ]);
    }
  }

  /** Dr 1100 Receivables gross / Cr 4000 Revenue net, Cr 2100 Sales tax, in the order's currency, on the invoice date. */
  private invoiced({ orderId, invoiceId, currency, invoiceDate, totals }: Data<'InvoiceIssued'>): void {
    if (!ISO_DATE.test(invoiceDate)) throw new Error(`Invoice ${invoiceId} has no valid invoice date: ${invoiceDate}`);
    this.post('invoice', invoiceId, orderId, currency, invoiceDate, `Invoice ${invoiceId} issued`, [
      debit(ACCOUNTS.receivables, minorUnits(totals.gross, currency)),
      credit(ACCOUNTS.revenue, minorUnits(totals.net, currency)),
      credit(ACCOUNTS.salesTax, minorUnits(totals.tax, currency)),
    ]);
  }

  private post(sourceType: JournalSourceType, sourceId: string, orderId: string | null, currency: string, date: string, description: string, lines: JournalLine[]): void {
    const seq = this.seq++;
    const entry = balancedEntry(
      { entryId: `${this.stored.id}:${seq}`, position: this.stored.position, seq, date, sourceType, sourceId, orderId, currency, description, occurredAt: this.stored.occurredAt },
      lines,
    );
    if (!entry) return;
    if (currency === NO_CURRENCY) throw new Error(`Entry ${entry.entryId} for ${sourceType} ${sourceId} has amounts but no currency`);
    this.changes.entries.push(entry);
  }

  /** The UTC date of the event: the document date of receipts, shipments and returns. */
  private eventDate(): string {
    const instant = new Date(this.stored.occurredAt);
    if (Number.isNaN(instant.getTime())) throw new Error(`Event ${this.stored.id} has no valid occurredAt: ${this.stored.occurredAt}`);
    return instant.toISOString().slice(0, 10);
  }

  private revalue(stock: SkuValuation, after: SkuValuation['valuation']): void {
    stock.valuation = after;
    stock.updatedPosition = this.stored.position;
    this.changes.skus.add(stock);
  }

  private sku(sku: string): SkuValuation {
    let stock = this.state.skus.get(sku);
    if (!stock) {
      if (!this.state.loadedSkus.has(sku)) throw new Error(`Valuation of ${sku} touched without being loaded (journal-events.ts touchedKeys misses a case)`);
      stock = { sku, currency: null, valuation: emptyValuation(NO_CURRENCY), updatedPosition: this.stored.position };
      this.state.skus.set(sku, stock);
    }
    return stock;
  }
}

type Data<T extends JournalEvent['type']> = Extract<JournalEvent, { type: T }>['data'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const currencyOf = (stock: SkuValuation): string => stock.currency ?? NO_CURRENCY;

/**
 * Σ amounts per currency, in first-seen order (so entry seqs are deterministic). Skus are valued in the
 * currency of their receipts: one shipment posts one entry per currency its skus are valued in (one, as
 * long as every receipt is in the base currency).
 */
class AmountsByCurrency implements Iterable<[string, bigint]> {
  private readonly sums = new Map<string, bigint>();

  add(currency: string, amount: string): void {
    this.sums.set(currency, (this.sums.get(currency) ?? 0n) + minorUnits(amount, currency));
  }

  [Symbol.iterator](): Iterator<[string, bigint]> {
    return this.sums.entries();
  }
}
