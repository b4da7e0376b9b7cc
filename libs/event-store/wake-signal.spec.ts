import { WakeSignal } from './wake-signal';

const settled = async (promise: Promise<void>): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20))]);

describe('WakeSignal', () => {
  it('wakes a follower of some types for those types and for wakes that name none, not for others', async () => {
    const wake = new WakeSignal();
    const seen = wake.generation;
    const waiting = wake.wait(seen, 300, undefined, ['InvoiceIssued']);
    wake.notify(['OrderLineAdded']);
    expect(await settled(waiting)).toBe(false);
    wake.notify(['OrderLineAdded', 'InvoiceIssued']);
    expect(await settled(waiting)).toBe(true);

    const again = wake.wait(wake.generation, 300, undefined, ['InvoiceIssued']);
    wake.notify();
    expect(await settled(again)).toBe(true);
  });

  it('does not miss a wake for its types that came between taking the generation and waiting', async () => {
    const wake = new WakeSignal();
    const seen = wake.generation;
    wake.notify(['InvoiceIssued']);
    wake.notify(['OrderLineAdded']);
    expect(await settled(wake.wait(seen, 300, undefined, ['InvoiceIssued']))).toBe(true);
    const later = wake.generation;
    wake.notify(['OrderLineAdded']);
    expect(await settled(wake.wait(later, 300, undefined, ['InvoiceIssued']))).toBe(false);
  });

  it('wakes a follower of every type on any wake, and gives up waiting after the timeout', async () => {
    const wake = new WakeSignal();
    const all = wake.wait(wake.generation, 300);
    wake.notify(['OrderLineAdded']);
    expect(await settled(all)).toBe(true);
    expect(await settled(wake.wait(wake.generation, 5, undefined, ['InvoiceIssued']))).toBe(true);
  });
});
