import { InMemoryEventStore } from '../../event-store/in-memory/in-memory-event-store';
import { CommandContext } from '../shared/command-context';
import { CreditNoteNumbering, InvoiceNumbering } from './document-numbering';

const context: CommandContext = { actor: 't', correlationId: 'c', causationId: 'c', receivedAt: new Date() };
const invoice = (invoiceId: string, invoiceDate = '2026-05-01') => ({ invoiceId, orderId: 'o-1', invoiceDate });

describe('InvoiceNumbering on the in-memory store', () => {
  it('numbers per year of the invoice date, from 1, without gaps', async () => {
    const numbering = new InvoiceNumbering(new InMemoryEventStore());
    expect((await numbering.assign(invoice('a'), context)).number).toBe('INV-2026-000001');
    expect((await numbering.assign(invoice('b'), context)).number).toBe('INV-2026-000002');
    expect((await numbering.assign(invoice('c', '2027-01-02'), context)).number).toBe('INV-2027-000001');
  });

  it('gives a retried or concurrent assignment the same number, never a second one', async () => {
    const store = new InMemoryEventStore();
    const [one, two] = [new InvoiceNumbering(store), new InvoiceNumbering(store)]; // two processes
    const numbers = (await Promise.all([one.assign(invoice('a'), context), two.assign(invoice('a'), context), one.assign(invoice('a'), context)])).map((n) => n.number);
    expect(new Set(numbers)).toEqual(new Set(['INV-2026-000001']));
    expect(await store.readStream('invoiceNumbers-2026')).toHaveLength(1);
    expect(await one.numberOf('a')).toMatchObject({ number: 'INV-2026-000001', orderId: 'o-1', year: 2026 });
  });

  it('numbers many racing invoices from several processes 1..n', async () => {
    const store = new InMemoryEventStore();
    const processes = [new InvoiceNumbering(store), new InvoiceNumbering(store), new InvoiceNumbering(store)];
    const numbers = (await Promise.all(Array.from({ length: 30 }, (_, i) => processes[i % 3].assign(invoice(`i-${i}`), context)))).map((n) => n.number);
    expect(numbers.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('claims the numbers one process asks for at once in a few appends, none of them refused', async () => {
    const store = new InMemoryEventStore();
    let appends = 0;
    let conflicts = 0;
    const append = store.append.bind(store);
    store.append = async (...args) => {
      appends++;
      return append(...args).catch((error: unknown) => {
        conflicts++;
        throw error;
      });
    };
    const numbering = new InvoiceNumbering(store);
    const numbers = (await Promise.all(Array.from({ length: 40 }, (_, i) => numbering.assign(invoice(`b-${i}`), context)))).map((n) => n.number);
    expect(numbers.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, '0')}`));
    const claims = (await store.readStream('invoiceNumbers-2026')).map((e) => e.data.invoiceId);
    expect(new Set(claims).size).toBe(40);
    expect(conflicts).toBe(0);
    // 40 records on the invoices' own streams, and far fewer appends than claims to the year's stream.
    expect(appends - 40).toBeLessThan(10);
  });

  it('completes a number claimed before a crash instead of taking another', async () => {
    const store = new InMemoryEventStore();
    // The claim landed, the record on the invoice did not.
    await store.append(
      'invoiceNumbers-2026',
      [{ type: 'InvoiceNumberAssigned', data: { year: 2026, sequence: 1, number: 'INV-2026-000001', invoiceId: 'a', orderId: 'o-1' }, metadata: { actor: 't', correlationId: 'c', causationId: 'c', command: 'AssignInvoiceNumber', schemaVersion: 1 } }],
      'no_stream',
    );
    const numbering = new InvoiceNumbering(store);
    expect((await numbering.assign(invoice('a'), context)).number).toBe('INV-2026-000001');
    expect((await numbering.assign(invoice('b'), context)).number).toBe('INV-2026-000002');
    expect((await store.readStream('invoice-a'))[0].data).toMatchObject({ number: 'INV-2026-000001' });
  });
});

describe('CreditNoteNumbering on the in-memory store', () => {
  const note = (creditNoteId: string, creditDate = '2026-05-01') => ({ creditNoteId, invoiceId: 'i-1', orderId: 'o-1', creditDate });

  it('numbers credit notes in their own series, recording the invoice and order they belong to', async () => {
    const store = new InMemoryEventStore();
    const invoices = new InvoiceNumbering(store);
    const creditNotes = new CreditNoteNumbering(store);
    expect((await invoices.assign(invoice('i-1'), context)).number).toBe('INV-2026-000001');
    expect((await creditNotes.assign(note('cn-1'), context)).number).toBe('CN-2026-000001');
    expect((await creditNotes.assign(note('cn-2'), context)).number).toBe('CN-2026-000002');
    expect(await creditNotes.numberOf('cn-2')).toMatchObject({ number: 'CN-2026-000002', creditNoteId: 'cn-2', invoiceId: 'i-1', orderId: 'o-1', year: 2026 });
    expect(await store.readStream('creditNoteNumbers-2026')).toHaveLength(2);
  });

  it('refuses to number from a year stream holding something other than its assignments', async () => {
    const store = new InMemoryEventStore();
    await store.append(
      'creditNoteNumbers-2026',
      [{ type: 'CreditNoteNumberAssigned', data: { year: 2026, sequence: 1, number: 'CN-2026-000001', creditNoteId: 'cn-0' }, metadata: { actor: 't', correlationId: 'c', causationId: 'c', command: 'AssignCreditNoteNumber', schemaVersion: 1 } }],
      'no_stream',
    );
    await expect(new CreditNoteNumbering(store).assign(note('cn-1'), context)).rejects.toThrow('is not a CreditNoteNumberAssigned');
    expect(await store.readStream('creditNoteNumbers-2026')).toHaveLength(1);
  });
});
