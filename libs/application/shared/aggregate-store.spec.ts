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
  constructor(private times: number) {
    super();
  }
  override async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.times-- > 0) await super.append(streamId, [{ ...events[0], data: { by: 0 } }], 'any');
    return super.append(streamId, events, expected);
  }
}

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
});
