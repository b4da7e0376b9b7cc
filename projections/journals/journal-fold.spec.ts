import { upcast } from '../../libs/contracts/upcasters';
import type { StoredEvent } from '../../libs/event-store/port';
import { emptyValuation, issue, receive, returnToStock, zeroMoney } from '../shared/stock-valuation/valuation';
import { journalEvents, touchedKeys } from './journal-events';
import { foldJournalEvents } from './journal-fold';
import type { JournalState } from './journal-state';

let counter = 0;
const stored = (type: string, data: object, occurredAt = '2026-03-04T23:59:59.999Z'): StoredEvent => {
  counter += 1;
  return {
    id: `ev${counter}`,
    streamId: 's',
    version: 0,
    position: `pos${String(counter).padStart(4, '0')}`,
    type,
    data: data as StoredEvent['data'],
    metadata: { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 },
    occurredAt,
  };
};

/** The fold over an empty read model: the state the loader would return for these events, read as the runner reads them (upcast). */
function fold(events: StoredEvent[], state?: JournalState) {
  const relevant = journalEvents(events.map((event) => upcast(event)));
  const s = state ?? { loadedSkus: touchedKeys(relevant).skus, skus: new Map(), issues: new Map() };
  return { changes: foldJournalEvents(s, relevant), state: s };
}

const lines = (entry: { lines: { account: string; debit: bigint; credit: bigint }[] }) => entry.lines.map((l) => [l.account, l.debit, l.credit]);

describe('journal fold (pure)', () => {
  it('prices receipts, issues and returns with the stock valuation, in log order', () => {
    const { changes } = fold([
      stored('StockReceived', { receiptId: 'r1', sku: 'A', quantity: 3, unitCost: '1.00', currency: 'EUR' }),
      stored('StockReceived', { receiptId: 'r2', sku: 'A', quantity: 4, unitCost: '2.50', currency: 'EUR' }),
      stored('LinesShipped', { orderId: 'o1', shipmentId: 's1', lines: [{ lineId: 'l1', sku: 'A', quantity: 2 }] }),
      stored('ShipmentLinesReturned', { orderId: 'o1', shipmentId: 's1', lines: [{ lineId: 'l1', sku: 'A', quantity: 1 }] }),
    ]);
    // The same movements through valuation.ts directly.
    const r1 = receive(emptyValuation('EUR'), 3, '1.00', 'EUR');
    const r2 = receive(r1.after, 4, '2.50', 'EUR');
    const shipped = issue(r2.after, 2, 'EUR');
    const back = returnToStock(shipped.after, { quantity: 2, unitCost: shipped.unitCost, amount: shipped.amount, returnedQuantity: 0, returnedAmount: zeroMoney('EUR') }, 1, 'EUR');
    expect(shipped.amount).toBe('3.71'); // 2 × 13.00 / 7
    expect(changes.entries.map(lines)).toEqual([
      [['1200', 300n, 0n], ['2000', 0n, 300n]],
      [['1200', 1000n, 0n], ['2000', 0n, 1000n]],
      [['5000', 371n, 0n], ['1200', 0n, 371n]],
      [['1200', 186n, 0n], ['5000', 0n, 186n]],
    ]);
    expect(back.amount).toBe('1.86');
    expect([...changes.skus][0].valuation).toEqual(back.after);
    expect(changes.entries.map((e) => [e.entryId, e.date, e.sourceType, e.sourceId])).toEqual([
      ['ev1:0', '2026-03-04', 'stock_receipt', 'r1'],
      ['ev2:0', '2026-03-04', 'stock_receipt', 'r2'],
      ['ev3:0', '2026-03-04', 'shipment', 's1'],
      ['ev4:0', '2026-03-04', 'shipment_return', 's1'],
    ]);
  });

  it('dates an entry by the UTC day the log recorded it, an invoice by its invoice date', () => {
    const { changes } = fold([
      stored('StockReceived', { receiptId: 'r1', sku: 'B', quantity: 1, unitCost: '1.00', currency: 'EUR' }, '2026-03-05T00:30:00+02:00'),
      stored('InvoiceIssued', { orderId: 'o1', invoiceId: 'i1', customerId: 'c', currency: 'USD', invoiceDate: '2025-12-31', dueDate: '2026-01-30', lines: [], totals: { net: '10.00', tax: '0.00', gross: '10.00' } }),
    ]);
    expect(changes.entries.map((e) => [e.date, e.currency])).toEqual([
      ['2026-03-04', 'EUR'],
      ['2025-12-31', 'USD'],
    ]);
    expect(lines(changes.entries[1])).toEqual([['1100', 1000n, 0n], ['4000', 0n, 1000n]]); // no zero tax line
  });

  it('refuses a receipt in another currency than the sku was valued in', () => {
    expect(() =>
      fold([
        stored('StockReceived', { receiptId: 'r1', sku: 'C', quantity: 1, unitCost: '1.00', currency: 'EUR' }),
        stored('StockReceived', { receiptId: 'r2', sku: 'C', quantity: 1, unitCost: '1.00', currency: 'USD' }),
      ]),
    ).toThrow('Receipt r2 of C is in USD, earlier receipts in EUR: values cannot mix currencies');
  });

  it('refuses to touch a valuation it was not given, rather than overwrite a row it never read', () => {
    const events = [stored('LinesShipped', { orderId: 'o1', shipmentId: 's1', lines: [{ lineId: 'l1', sku: 'D', quantity: 1 }] })];
    expect(() => fold(events, { loadedSkus: new Set(), skus: new Map(), issues: new Map() })).toThrow(/touched without being loaded/);
  });

  it('ignores every event type that does not post', () => {
    const { changes } = fold([stored('OrderConfirmed', { orderId: 'o1' }), stored('CreditNoteIssued', { orderId: 'o1', totals: { net: '1.00', tax: '0.00', gross: '1.00' } })]);
    expect(changes.entries).toEqual([]);
  });

  it('posts an invoice with exchange rate in its base currency, and settlements exactly as the account decided them', () => {
    const { changes } = fold([
      stored('InvoiceIssued', {
        orderId: 'o1',
        invoiceId: 'i1',
        customerId: 'c',
        currency: 'JPY',
        invoiceDate: '2026-01-02',
        dueDate: '2026-02-01',
        lines: [],
        totals: { net: '1000', tax: '100', gross: '1100' },
        exchangeRate: '0.0061',
        baseCurrency: 'EUR',
        baseTotals: { net: '6.10', tax: '0.61', gross: '6.71' },
      }),
      stored('PaymentReceived', {
        paymentId: 'p1',
        customerId: 'c',
        amount: '1200',
        currency: 'JPY',
        receivedOn: '2026-01-20',
        exchangeRate: '0.0059',
        baseCurrency: 'EUR',
        baseAmount: '7.08',
        allocations: [{ invoiceId: 'i1', amount: '1100', baseAmount: '6.71' }],
        unallocated: '100',
        unallocatedBase: '0.59',
        exchangeDifference: '-0.22',
      }),
      stored('CreditApplied', {
        applicationId: 'a1',
        customerId: 'c',
        invoiceId: 'i2',
        amount: '100',
        currency: 'JPY',
        appliedOn: '2026-01-21',
        baseCurrency: 'EUR',
        creditBase: '0.59',
        baseAmount: '0.61',
        exchangeDifference: '-0.02',
      }),
      stored('CreditNotePosted', {
        creditNoteId: 'n1',
        customerId: 'c',
        invoiceId: 'i1',
        orderId: 'o1',
        currency: 'JPY',
        creditDate: '2026-01-22',
        exchangeRate: '0.0061',
        baseCurrency: 'EUR',
        totals: { net: '100', tax: '10', gross: '110' },
        baseTotals: { net: '0.61', tax: '0.06', gross: '0.67' },
        applied: '0',
        appliedBase: '0.00',
        toCredit: '110',
        toCreditBase: '0.66',
        exchangeDifference: '0.01',
      }),
    ]);
    expect(changes.entries.map((e) => [e.sourceType, e.sourceId, e.orderId, e.date, e.currency])).toEqual([
      ['invoice', 'i1', 'o1', '2026-01-02', 'EUR'],
      ['payment', 'p1', null, '2026-01-20', 'EUR'],
      ['advance_application', 'a1', null, '2026-01-21', 'EUR'],
      ['credit_note', 'n1', 'o1', '2026-01-22', 'EUR'],
    ]);
    expect(changes.entries.map(lines)).toEqual([
      [['1100', 671n, 0n], ['4000', 0n, 610n], ['2100', 0n, 61n]],
      // A loss: 7900 on the debit side.
      [['1000', 708n, 0n], ['1100', 0n, 671n], ['2200', 0n, 59n], ['7900', 22n, 0n]],
      [['2200', 59n, 0n], ['1100', 0n, 61n], ['7900', 2n, 0n]],
      // Nothing applied to the paid invoice: no 1100 line; the rounding cent on 7900.
      [['4000', 61n, 0n], ['2100', 6n, 0n], ['2200', 0n, 66n], ['7900', 0n, 1n]],
    ]);
  });

  it('refuses a settlement whose entry would not balance', () => {
    const payment = { paymentId: 'p9', customerId: 'c', amount: '5.00', currency: 'EUR', receivedOn: '2026-01-20', exchangeRate: '1', baseCurrency: 'EUR', baseAmount: '5.00', unallocatedBase: '5.00', exchangeDifference: '0.00' };
    expect(() => fold([stored('PaymentReceived', { ...payment, allocations: [{ invoiceId: 'i1', amount: '1.00', baseAmount: '1.00' }], unallocated: '4.00' })])).toThrow(
      /payment p9\) does not balance: debit 5\.00, credit 6\.00 EUR/,
    );
    expect(() => fold([stored('PaymentReceived', { ...payment, receivedOn: '20.1.2026', allocations: [], unallocated: '5.00' })])).toThrow('Payment p9 has no valid date: 20.1.2026');
  });
});
