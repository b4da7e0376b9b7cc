import type { StoredEvent } from '../../libs/event-store/port';
import { NO_CURRENCY, newSkuValuation, ValuedStockFold } from '../shared/stock-valuation/valued-stock-fold';
import type { SkuValuation } from '../shared/stock-valuation/valued-stock';
import { ACCOUNTS } from './chart-of-accounts';
import type { JournalEvent, JournalEventEnvelope } from './journal-events';
import type { JournalChanges, JournalLine, JournalSourceType, JournalState } from './journal-state';
import { toMinor } from '../shared/fixed-point';
import { balancedEntry, credit, debit } from './postings';

/**
 * Folds a batch of ledger events, in log order, into the in-memory state loaded for it (pure: no
 * database), and returns the entries they post with the valuation rows they changed.
 *
 * Stock is valued by the fold the stock projection values it with (projections/shared/stock-valuation/),
 * fed the same movements in the same log order, so every COGS amount here equals the stock projection's
 * movement amount to the cent and Σ account 1200 equals Σ stock_levels.value.
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

class JournalFold {
  readonly changes: JournalChanges = { entries: [], skus: new Set(), issues: new Set() };
  private readonly stock: ValuedStockFold<SkuValuation>;
  private stored!: StoredEvent;
  private seq = 0;

  constructor(state: JournalState) {
    this.stock = new ValuedStockFold(state, this.changes, { newSku: newSkuValuation, touchedKeysIn: 'journal-events.ts' });
  }

  apply(stored: StoredEvent, event: JournalEvent): void {
    this.stored = stored;
    this.seq = 0;
    this.stock.at(stored.position);
    switch (event.type) {
      case 'StockReceived':
        return this.received(event.data);
      case 'LinesShipped':
        return this.shipped(event.data);
      case 'ShipmentLinesReturned':
        return this.returned(event.data);
      case 'InvoiceIssued':
        return this.invoiced(event.data);
      case 'PaymentReceived':
        return this.paymentReceived(event.data);
      case 'CreditApplied':
        return this.creditApplied(event.data);
      case 'CreditNotePosted':
        return this.creditNotePosted(event.data);
    }
  }

  /** Dr 1200 Inventory / Cr 2000 Goods received not invoiced, round(qty × cost). */
  private received(receipt: Data<'StockReceived'>): void {
    const { receiptId, sku, quantity, unitCost, currency } = receipt;
    const { priced } = this.stock.receive(receipt);
    const amount = toMinor(priced.amount, currency);
    this.post('stock_receipt', receiptId, null, currency, this.eventDate(), `Stock received: ${quantity} × ${sku} at ${unitCost}`, [
      debit(ACCOUNTS.inventory, amount),
      credit(ACCOUNTS.goodsReceivedNotInvoiced, amount),
    ]);
  }

  /** Dr 5000 COGS / Cr 1200 Inventory at the moving average of this moment in the log (valuation `issue`). */
  private shipped({ orderId, shipmentId, lines }: Data<'LinesShipped'>): void {
    const cost = new AmountsByCurrency();
    for (const line of lines) {
      const { currency, priced } = this.stock.issue(shipmentId, orderId, line);
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
      const { currency, priced } = this.stock.returnToStock(this.stock.issued(shipmentId, lineId), quantity);
      cost.add(currency, priced.amount);
    }
    for (const [currency, amount] of cost) {
      this.post('shipment_return', shipmentId, orderId, currency, this.eventDate(), `Goods returned to stock, shipment ${shipmentId}`, [
        debit(ACCOUNTS.inventory, amount),
        credit(ACCOUNTS.costOfGoodsSold, amount),
      ]);
    }
  }

  /**
   * Dr 1100 Receivables gross / Cr 4000 Revenue net, Cr 2100 Sales tax, in the base currency (the
   * invoice's `baseTotals`), on the invoice date. An invoice issued before exchange rates were recorded
   * reads as kept in its own currency at rate "1" (libs/domain/sales-order/legacy-events.ts): it posts its
   * own totals in its own currency.
   */
  private invoiced({ orderId, invoiceId, invoiceDate, baseCurrency, baseTotals }: Data<'InvoiceIssued'>): void {
    checkDate(invoiceDate, `Invoice ${invoiceId} has no valid invoice date`);
    this.post('invoice', invoiceId, orderId, baseCurrency, invoiceDate, `Invoice ${invoiceId} issued`, [
      debit(ACCOUNTS.receivables, toMinor(baseTotals.gross, baseCurrency)),
      credit(ACCOUNTS.revenue, toMinor(baseTotals.net, baseCurrency)),
      credit(ACCOUNTS.salesTax, toMinor(baseTotals.tax, baseCurrency)),
    ]);
  }

  /**
   * Dr 1000 Cash (the payment at its own rate) / Cr 1100 Σ allocations (each at its invoice's rate), Cr
   * 2200 Customer advances (the unallocated part); the exchange difference on 7900 (positive: a gain,
   * credited; negative: a loss, debited). All as the account decided them (ADR 0007), in base.
   */
  private paymentReceived({ paymentId, receivedOn, baseCurrency, baseAmount, allocations, unallocatedBase, exchangeDifference, amount, currency }: Data<'PaymentReceived'>): void {
    checkDate(receivedOn, `Payment ${paymentId} has no valid date`);
    let allocated = 0n;
    for (const allocation of allocations) allocated += toMinor(allocation.baseAmount, baseCurrency);
    this.post('payment', paymentId, null, baseCurrency, receivedOn, `Payment ${paymentId} received: ${amount} ${currency}`, [
      debit(ACCOUNTS.cash, toMinor(baseAmount, baseCurrency)),
      credit(ACCOUNTS.receivables, allocated),
      credit(ACCOUNTS.customerAdvances, toMinor(unallocatedBase, baseCurrency)),
      credit(ACCOUNTS.exchangeGainLoss, toMinor(exchangeDifference, baseCurrency)),
    ]);
  }

  /** Dr 2200 Customer advances (the credit's carrying value) / Cr 1100 (the invoice's share); the difference on 7900. */
  private creditApplied({ applicationId, invoiceId, appliedOn, baseCurrency, creditBase, baseAmount, exchangeDifference }: Data<'CreditApplied'>): void {
    checkDate(appliedOn, `Credit application ${applicationId} has no valid date`);
    this.post('advance_application', applicationId, null, baseCurrency, appliedOn, `Credit applied to invoice ${invoiceId}`, [
      debit(ACCOUNTS.customerAdvances, toMinor(creditBase, baseCurrency)),
      credit(ACCOUNTS.receivables, toMinor(baseAmount, baseCurrency)),
      credit(ACCOUNTS.exchangeGainLoss, toMinor(exchangeDifference, baseCurrency)),
    ]);
  }

  /**
   * Dr 4000 Revenue net, Dr 2100 Sales tax / Cr 1100 the part that settles the invoice, Cr 2200 the
   * excess (an invoice already paid: the customer's credit), in base, on the credit date; the rounding
   * cents the account decided (exchangeDifference) on 7900.
   */
  private creditNotePosted({ creditNoteId, invoiceId, orderId, creditDate, baseCurrency, baseTotals, appliedBase, toCreditBase, exchangeDifference }: Data<'CreditNotePosted'>): void {
    checkDate(creditDate, `Credit note ${creditNoteId} has no valid credit date`);
    this.post('credit_note', creditNoteId, orderId, baseCurrency, creditDate, `Credit note ${creditNoteId} on invoice ${invoiceId}`, [
      debit(ACCOUNTS.revenue, toMinor(baseTotals.net, baseCurrency)),
      debit(ACCOUNTS.salesTax, toMinor(baseTotals.tax, baseCurrency)),
      credit(ACCOUNTS.receivables, toMinor(appliedBase, baseCurrency)),
      credit(ACCOUNTS.customerAdvances, toMinor(toCreditBase, baseCurrency)),
      credit(ACCOUNTS.exchangeGainLoss, toMinor(exchangeDifference, baseCurrency)),
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

}

type Data<T extends JournalEvent['type']> = Extract<JournalEvent, { type: T }>['data'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(date: string, message: string): void {
  if (typeof date !== 'string' || !ISO_DATE.test(date)) throw new Error(`${message}: ${date}`);
}

/**
 * Σ amounts per currency, in first-seen order (so entry seqs are deterministic). Skus are valued in the
 * currency of their receipts: one shipment posts one entry per currency its skus are valued in (one, as
 * long as every receipt is in the base currency).
 */
class AmountsByCurrency implements Iterable<[string, bigint]> {
  private readonly sums = new Map<string, bigint>();

  add(currency: string, amount: string): void {
    this.sums.set(currency, (this.sums.get(currency) ?? 0n) + toMinor(amount, currency));
  }

  [Symbol.iterator](): Iterator<[string, bigint]> {
    return this.sums.entries();
  }
}
