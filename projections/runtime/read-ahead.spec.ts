import type { StoredEvent } from '../../libs/event-store/port';
import { ReadAhead } from './read-ahead';

const event = (n: number): StoredEvent => ({
  id: `e${n}`,
  streamId: 's',
  version: n,
  position: String(n).padStart(6, '0'),
  type: 'T',
  data: {},
  metadata: { actor: 'a', correlationId: 'c', causationId: 'c', command: 'C', schemaVersion: 1 },
  occurredAt: '2026-01-01T00:00:00.000Z',
});
const ids = (events: StoredEvent[] | undefined) => events?.map((e) => e.id);

/** A source that hands out `events` the way a subscription hands out a page it read: one per microtask. */
async function* page(events: StoredEvent[], then?: () => Promise<void>) {
  for (const e of events) yield e;
  await then?.();
}

describe('ReadAhead', () => {
  it('hands over everything that arrived as one batch, at once, and at most a batch', async () => {
    const queue = new ReadAhead(100);
    [1, 2, 3, 4, 5].forEach((n) => queue.send(event(n)));
    expect(ids(await queue.take(3))).toEqual(['e1', 'e2', 'e3']);
    expect(ids(await queue.take(3))).toEqual(['e4', 'e5']);
  });

  it('waits only for the first event, then takes the rest of the page it came with', async () => {
    const queue = new ReadAhead(100);
    const taking = queue.take(100);
    let stalled: () => void = () => undefined;
    const pumping = queue.pump(page([event(1), event(2), event(3)], () => new Promise<void>((resolve) => (stalled = resolve))));
    // The source has nothing more for now: the batch is what its page held, with no timer to wait out.
    expect(ids(await taking)).toEqual(['e1', 'e2', 'e3']);
    stalled();
    await pumping;
    expect(await queue.take(100)).toBeUndefined();
  });

  it('holds the reader back once a batch is read ahead, and lets it go on when the batch is taken', async () => {
    const queue = new ReadAhead(2);
    expect(queue.send(event(1))).toBe(true);
    expect(queue.send(event(2))).toBe(false);
    let drained = false;
    const waiting = queue.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    expect(ids(await queue.take(1))).toEqual(['e1']);
    await waiting;
    expect(drained).toBe(true);
  });

  it('waits up to fillWaitMs for a partial batch to fill', async () => {
    const queue = new ReadAhead(100);
    queue.send(event(1));
    setTimeout(() => queue.send(event(2)), 5);
    expect(ids(await queue.take(2, 1000))).toEqual(['e1', 'e2']);
    queue.send(event(3));
    // Never filled: what came within the wait.
    expect(ids(await queue.take(2, 20))).toEqual(['e3']);
  });

  it('delivers what a failed reader read before its error, then the error', async () => {
    const queue = new ReadAhead(100);
    const failing = (async function* () {
      yield event(1);
      yield event(2);
      throw new Error('connection lost');
    })();
    await queue.pump(failing);
    expect(ids(await queue.take(100))).toEqual(['e1', 'e2']);
    await expect(queue.take(100)).rejects.toThrow('connection lost');
  });

  it('ends: a waiting take returns nothing, and a held-back reader is let go', async () => {
    const queue = new ReadAhead(1);
    queue.send(event(1));
    const held = queue.drained();
    expect(ids(await queue.take(1))).toEqual(['e1']);
    const taking = queue.take(1);
    queue.end();
    expect(await taking).toBeUndefined();
    await held;
    expect(queue.send(event(2))).toBe(true);
    expect(await queue.take(1)).toBeUndefined();
  });
});
