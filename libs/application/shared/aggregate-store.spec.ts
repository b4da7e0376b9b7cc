import { InMemoryEventStore } from '../../event-store/in-memory/in-memory-event-store';
import { AppendResult, ExpectedVersion, NewEvent } from '../../event-store/port';
import { Decider } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/domain-error';
import { AggregateStore } from './aggregate-store';
import { ConcurrencyExhaustedError, PreconditionFailedError } from './application-errors';
import { CommandContext } from './command-context';
import { nameBasedUuid } from './ids';

/** A counter that refuses to pass 3: enough of a decider to exercise the command path. */
type Event = { type: 'Incremented'; data: { by: number } };
type Command = { type: 'Increment'; data: { by: number } };
const counter: Decider<number, Command, Event> = {
  initialState: 0,
  decide: (command, state) => {
    if (state + command.data.by > 3) throw new DomainError('TOO_MANY', 'at most 3');
    return command.data.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.data.by } }];
  },
  evolve: (state, event) => state + event.data.by,
};
const context = (extra: Partial<CommandContext> = {}): CommandContext => ({
  actor: 'tester',
  correlationId: 'corr',
  causationId: 'cause',
  receivedAt: new Date(),
  ...extra,
});
const increment = (by = 1): Command => ({ type: 'Increment', data: { by } });

/** Lets another writer append to the stream just before each of the first `times` appends. */
class RacingStore extends InMemoryEventStore {
  constructor(public times: number) {
    super();
  }
  override async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.times-- > 0) await super.append(streamId, [{ ...events[0], data: { by: 0 } }], 'any');
    return super.append(streamId, events, expected);
  }
}

/** Counts the stream reads that reach the store. */
class CountingStore extends InMemoryEventStore {
  reads = 0;
  override async readStream(...args: Parameters<InMemoryEventStore['readStream']>) {
    this.reads++;
    return super.readStream(...args);
  }
}

/** A counter that refuses to go down past 0 and has a no-op: refusals and no-ops that depend on the state. */
type Stepped = { type: 'Stepped'; data: { by: number } };
type Step = { type: 'Step'; data: { by: number } } | { type: 'Reset'; data: { to: number } };
const stepper: Decider<number, Step, Stepped> = {
  initialState: 0,
  decide: (command, state) => {
    if (command.type === 'Reset') return state === command.data.to ? [] : [{ type: 'Stepped', data: { by: command.data.to - state } }];
    if (state + command.data.by < 0) throw new DomainError('BELOW_ZERO', 'not below 0');
    return [{ type: 'Stepped', data: { by: command.data.by } }];
  },
  evolve: (state, event) => state + event.data.by,
};
const step = (by: number): Step => ({ type: 'Step', data: { by } });

describe('AggregateStore: the command path', () => {
  it('folds the stream, decides, appends with the version read, and stamps metadata', async () => {
    const store = new InMemoryEventStore();
    const aggregates = new AggregateStore(store);
    await aggregates.execute(counter, 'counter-1', increment(), context());
    const result = await aggregates.execute(counter, 'counter-1', increment(2), context());
    expect(result).toMatchObject({ state: 3, version: 1, appended: [{ type: 'Incremented', data: { by: 2 } }] });
    const [first] = await store.readStream('counter-1');
    expect(first.metadata).toEqual({
      actor: 'tester',
      correlationId: 'corr',
      causationId: 'cause',
      command: 'Increment',
      schemaVersion: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('writes nothing when the decider refuses or finds nothing to do', async () => {
    const store = new InMemoryEventStore();
    const aggregates = new AggregateStore(store);
    await aggregates.execute(counter, 'counter-1', increment(3), context());
    await expect(aggregates.execute(counter, 'counter-1', increment(), context())).rejects.toMatchObject({ code: 'TOO_MANY' });
    const noop = await aggregates.execute(counter, 'counter-1', increment(0), context());
    expect(noop).toMatchObject({ version: 0, appended: [] });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('reloads and decides again after a conflict, so the rules see the racing write', async () => {
    const store = new RacingStore(2);
    const aggregates = new AggregateStore(store);
    const result = await aggregates.execute(counter, 'counter-1', increment(), context());
    expect(result.version).toBe(2);
    expect((await store.readStream('counter-1')).map((e) => e.data.by)).toEqual([0, 0, 1]);
  });

  it('gives up after a bounded number of attempts', async () => {
    const aggregates = new AggregateStore(new RacingStore(1000));
    await expect(aggregates.execute(counter, 'counter-1', increment(), context())).rejects.toBeInstanceOf(ConcurrencyExhaustedError);
  });

  it('turns a stale If-Match into a precondition failure, before and during the append', async () => {
    const store = new InMemoryEventStore();
    const aggregates = new AggregateStore(store);
    await aggregates.execute(counter, 'counter-1', increment(), context());
    await expect(aggregates.execute(counter, 'counter-1', increment(), context({ expectedVersion: 5 }))).rejects.toEqual(
      new PreconditionFailedError(5, 0),
    );
    const racing = new AggregateStore(new RacingStore(1));
    await expect(racing.execute(counter, 'counter-2', increment(), context({ expectedVersion: -1 }))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  describe('a command sent again (same commandId)', () => {
    const retryable = (extra: Partial<CommandContext> = {}) => context({ commandId: 'cmd-1', ...extra });

    it('records the command id on its events and derives their ids from it', async () => {
      const store = new InMemoryEventStore();
      await new AggregateStore(store).execute(counter, 'counter-1', increment(), retryable());
      const [event] = await store.readStream('counter-1');
      expect(event.metadata.commandId).toBe('cmd-1');
      expect(event.id).toBe(nameBasedUuid('event', 'cmd-1', 'counter-1', '0'));
    });

    it('answers with its first result as of then, appends nothing, and ignores the If-Match it was first sent with', async () => {
      const store = new InMemoryEventStore();
      const aggregates = new AggregateStore(store);
      await aggregates.execute(counter, 'counter-1', increment(), context());
      const first = await aggregates.execute(counter, 'counter-1', increment(2), retryable({ expectedVersion: 0 }));
      await aggregates.execute(counter, 'counter-1', { type: 'Increment', data: { by: 0 } }, context());
      await store.append('counter-1', [{ type: 'Incremented', data: { by: -3 }, metadata: { actor: 'a', correlationId: 'c', causationId: 'c', command: 'Increment', schemaVersion: 1 } }], 1);
      // The stream moved on, and the counter is at 0 now: deciding again would give another answer.
      const again = await new AggregateStore(store).execute(counter, 'counter-1', increment(2), retryable({ expectedVersion: 0 }));
      expect(again).toEqual({ ...first, ranAt: expect.any(String) });
      expect(again).toMatchObject({ state: 3, version: 1, appended: [{ type: 'Incremented', data: { by: 2 } }] });
      expect(await store.readStream('counter-1')).toHaveLength(3);
    });

    it('gives a refused or empty decision no memory: those wrote nothing, so they are decided again', async () => {
      const aggregates = new AggregateStore(new InMemoryEventStore());
      await aggregates.execute(counter, 'counter-1', increment(3), context());
      await expect(aggregates.execute(counter, 'counter-1', increment(), retryable())).rejects.toMatchObject({ code: 'TOO_MANY' });
      await expect(aggregates.execute(counter, 'counter-1', increment(), retryable())).rejects.toMatchObject({ code: 'TOO_MANY' });
    });

    it('ends in the result of a twin that got in first, not in a 412 for its If-Match', async () => {
      /** The same command, run by another process, lands just before this one's append. */
      class TwinStore extends InMemoryEventStore {
        private raced = false;
        override async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
          if (!this.raced) {
            this.raced = true;
            await super.append(streamId, events, expected);
          }
          return super.append(streamId, events, expected);
        }
      }
      const store = new TwinStore();
      const result = await new AggregateStore(store).execute(counter, 'counter-1', increment(), retryable({ expectedVersion: -1 }));
      expect(result).toMatchObject({ state: 1, version: 0, ranAt: expect.any(String) });
      expect(await store.readStream('counter-1')).toHaveLength(1);
    });
  });

  it('loads the state as it stood at an earlier version', async () => {
    const aggregates = new AggregateStore(new InMemoryEventStore());
    for (let i = 0; i < 3; i++) await aggregates.execute(counter, 'counter-1', increment(), context());
    expect((await aggregates.load(counter, 'counter-1', 1)).state).toBe(2);
  });

  describe('the state cache', () => {
    it('decides a command on a stream it knows without reading it, and still reads what another process wrote', async () => {
      const store = new CountingStore();
      const here = new AggregateStore(store);
      const elsewhere = new AggregateStore(store);
      await here.execute(stepper, 'stepper-1', step(1), context());
      const reads = store.reads;
      await here.execute(stepper, 'stepper-1', step(1), context());
      expect(store.reads).toBe(reads);

      await elsewhere.execute(stepper, 'stepper-1', step(5), context());
      // The cached state is at version 1; the stream is at 2: the append is refused and the tail read.
      const result = await here.execute(stepper, 'stepper-1', step(1), context());
      expect(result).toMatchObject({ state: 8, version: 3 });
      expect((await store.readStream('stepper-1')).map((e) => e.data)).toEqual([{ by: 1 }, { by: 1 }, { by: 5 }, { by: 1 }]);
    });

    it('checks a refusal, a no-op and an If-Match mismatch against the stream before answering', async () => {
      const store = new InMemoryEventStore();
      const here = new AggregateStore(store);
      const elsewhere = new AggregateStore(store);
      await here.execute(stepper, 'stepper-2', step(0), context());
      await elsewhere.execute(stepper, 'stepper-2', step(3), context());
      // Here the state is 0 at version 0; it is 3 at version 1.
      expect(await here.execute(stepper, 'stepper-2', step(-2), context())).toMatchObject({ state: 1, version: 2 });
      await elsewhere.execute(stepper, 'stepper-2', step(4), context());
      expect(await here.execute(stepper, 'stepper-2', { type: 'Reset', data: { to: 5 } }, context())).toMatchObject({
        state: 5,
        version: 3,
        appended: [],
      });
      await elsewhere.execute(stepper, 'stepper-2', step(1), context());
      expect(await here.execute(stepper, 'stepper-2', step(1), context({ expectedVersion: 4 }))).toMatchObject({ state: 7, version: 5 });
      // And a refusal of the current state stands.
      await expect(here.execute(stepper, 'stepper-2', step(-8), context())).rejects.toMatchObject({ code: 'BELOW_ZERO' });
      await expect(here.execute(stepper, 'stepper-2', step(1), context({ expectedVersion: 4 }))).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    it('makes a command from the state it decides on, again after a conflict', async () => {
      const store = new RacingStore(0);
      const aggregates = new AggregateStore(store);
      await aggregates.execute(counter, 'counter-9', increment(1), context());
      store.times = 1;
      const seen: number[] = [];
      const result = await aggregates.execute(
        counter,
        'counter-9',
        ({ state, version }) => {
          seen.push(version);
          return increment(state);
        },
        context(),
      );
      expect(seen).toEqual([0, 1]);
      expect(result).toMatchObject({ state: 2, version: 2 });
    });

    it('runs a step before the append only on the state as the stream holds it', async () => {
      const store = new InMemoryEventStore();
      const here = new AggregateStore(store);
      const elsewhere = new AggregateStore(store);
      await here.execute(stepper, 'stepper-3', step(1), context());
      await elsewhere.execute(stepper, 'stepper-3', step(1), context());
      const states: number[] = [];
      await here.execute(stepper, 'stepper-3', step(1), context(), { beforeAppend: async (state) => void states.push(state) });
      expect(states).toEqual([2]);
    });

    it('answers the current state from the cache and the stream tail', async () => {
      const store = new CountingStore();
      const here = new AggregateStore(store);
      const elsewhere = new AggregateStore(store);
      await here.execute(stepper, 'stepper-4', step(2), context());
      await elsewhere.execute(stepper, 'stepper-4', step(3), context());
      expect(await here.current(stepper, 'stepper-4')).toMatchObject({ state: 5, version: 1 });
      expect(await here.current(stepper, 'stepper-5')).toMatchObject({ state: 0, version: -1 });
    });
  });
});
