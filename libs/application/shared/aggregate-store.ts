import { Inject, Injectable } from '@nestjs/common';
import { Decider, fold } from '../../domain/shared/decider';
import type { EventStore } from '../../event-store/port';
import { Position, START, StoredEvent, VersionConflictError } from '../../event-store/port';
import { ConcurrencyExhaustedError, PreconditionFailedError } from './application-errors';
import { CommandContext, newEvents } from './command-context';
import { earlierRun } from './earlier-run';
import { CachedState, StreamStateCache } from './stream-state-cache';
import { EVENT_STORE } from './tokens';
import { upcast } from '../../contracts/upcasters';

type DomainMessage = { type: string; data: unknown };
type Folding<State, Event> = Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve' | 'copy'>;

/** A stream's state now: what a decision or a view needs. */
export interface Current<State> {
  state: State;
  /** Version of the stream's last event; -1 when the stream does not exist. */
  version: number;
  /** Position of the stream's last event (START when none). */
  position: Position;
}

export interface Loaded<State> extends Current<State> {
  events: StoredEvent[];
}

export interface Executed<State> extends Current<State> {
  /** What this command appended (empty when the decider found nothing to change). */
  appended: DomainMessage[];
  /** Set when the command had run before and this is its result again: when its events were recorded. */
  ranAt?: string;
}

export interface ExecuteOptions<State, Event> {
  /**
   * Runs once the decision is made on the stream's current state, before its events are appended (again on
   * each retry): for a step another stream must take first. Throwing stops the command.
   */
  beforeAppend?: (state: State, decided: readonly Event[]) => Promise<void>;
}

type Decision<Command, Event> =
  | { kind: 'decided'; command: Command; events: Event[] }
  | { kind: 'refused'; error: unknown }
  /** The client's If-Match names another version. */
  | { kind: 'stale' };

/** The command, or how to make it from the stream's state (looked-up facts that depend on it). */
export type CommandSource<State, Command> = Command | ((current: Current<State>) => Command | Promise<Command>);

const MAX_ATTEMPTS = 20;
const BACKOFF_BASE_MS = 2;
const BACKOFF_CAP_MS = 100;

/**
 * The path of a command (architecture.md): the stream's state, `decide`, append with the version decided
 * on. The state comes from a cache of recently used streams when it can (docs/adr/0014-the-command-path.md):
 * a decision that appends needs no read, since the store refuses the append if the stream moved on, and a
 * refusal, a no-op or an If-Match mismatch found on a cached state is checked against the stream's tail
 * before it is answered. On a version conflict it reads the tail and decides again, with jittered backoff,
 * a bounded number of times; with a client `If-Match` a conflict is the client's 412 instead. A command
 * whose events the stream already holds (a retry, by `commandId`) decides nothing: it gets its first result
 * again (ADR 0011).
 */
@Injectable()
export class AggregateStore {
  private readonly cache = new StreamStateCache();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every event of the stream (up to `toVersion`) and the state they fold to. */
  async load<State, Event extends DomainMessage>(decider: Folding<State, Event>, streamId: string, toVersion?: number): Promise<Loaded<State>> {
    return toVersion === undefined ? (await this.loadWhole(decider, streamId)).loaded : this.read(decider, streamId, toVersion);
  }

  /**
   * The stream as it stood at an instant: the events recorded up to then and their state (version -1, the
   * initial state, when it did not exist yet). `existsNow` tells "not yet" from "never".
   */
  async loadAsOf<State, Event extends DomainMessage>(decider: Folding<State, Event>, streamId: string, asOf: Date): Promise<Loaded<State> & { existsNow: boolean }> {
    const whole = await this.read(decider, streamId);
    const until = asOf.getTime();
    const upTo = whole.events.filter((e) => Date.parse(e.occurredAt) <= until);
    const last = upTo[upTo.length - 1];
    if (last === undefined) return { state: decider.initialState, version: -1, position: START, events: [], existsNow: whole.events.length > 0 };
    // A stream's events are recorded in order, so those up to the instant are a prefix of it.
    return { state: fold(decider, upTo.map(asMessage<Event>)), version: last.version, position: last.position, events: upTo, existsNow: true };
  }

  /** The whole stream, and what the cache now keeps of it (never the events themselves). */
  private async loadWhole<State, Event extends DomainMessage>(
    decider: Folding<State, Event>,
    streamId: string,
  ): Promise<{ loaded: Loaded<State>; cached: CachedState<State> }> {
    const loaded = await this.read(decider, streamId);
    const cached = { state: loaded.state, version: loaded.version, position: loaded.position, commandIds: commandIdsOf(loaded.events) };
    this.cache.put(decider, streamId, cached);
    return { loaded, cached };
  }

  private async read<State, Event extends DomainMessage>(decider: Folding<State, Event>, streamId: string, toVersion?: number): Promise<Loaded<State>> {
    // Deciders fold the current shape of every event: older stored shapes are upcast on the way in.
    const events = (await this.store.readStream(streamId, toVersion === undefined ? {} : { toVersion })).map((e) => upcast(e));
    const last = events[events.length - 1];
    return {
      state: fold(decider, events.map(asMessage<Event>)),
      version: last ? last.version : -1,
      position: last ? last.position : START,
      events,
    };
  }

  /** The stream's state now: the cached state brought up to date with the events after it (one read). */
  async current<State, Event extends DomainMessage>(decider: Folding<State, Event>, streamId: string): Promise<Current<State>> {
    const { state, version, position } = await this.refreshed(decider, streamId, this.cache.get<State>(decider, streamId));
    return { state, version, position };
  }

  async execute<State, Command extends DomainMessage, Event extends DomainMessage>(
    decider: Decider<State, Command, Event>,
    streamId: string,
    source: CommandSource<State, Command>,
    context: CommandContext,
    options: ExecuteOptions<State, Event> = {},
  ): Promise<Executed<State>> {
    let known = this.cache.get<State>(decider, streamId);
    /** Whether `known` was read from the stream during this command, not only remembered from before. */
    let checked = false;
    for (let attempt = 1; ; attempt++) {
      if (!known || (context.commandId !== undefined && known.commandIds.has(context.commandId))) {
        // Before If-Match: the retry of a command that ran finds the stream past the version it names.
        const { loaded, cached } = await this.loadWhole(decider, streamId);
        const earlier = earlierRun(decider, loaded, context.commandId);
        if (earlier) return earlier;
        known = cached;
        checked = true;
      }
      const decision = await this.decideOn(decider, known, source, context);
      if (decision.kind !== 'decided' || decision.events.length === 0 || options.beforeAppend) {
        // Answers other than events, and steps on other streams, are only for the stream as it is now.
        if (!checked) {
          const before = known.version;
          known = await this.refreshed(decider, streamId, known);
          checked = true;
          if (known.version !== before) continue;
        }
        if (decision.kind === 'refused') throw decision.error;
        if (decision.kind === 'stale') throw new PreconditionFailedError(context.expectedVersion as number, known.version);
        if (decision.events.length === 0) return { state: known.state, version: known.version, position: known.position, appended: [] };
      }
      const { command, events: decided } = decision;
      if (options.beforeAppend) await options.beforeAppend(known.state, decided);
      try {
        const result = await this.store.append(streamId, newEvents(context, command.type, streamId, decided), known.version === -1 ? 'no_stream' : known.version);
        const state = decided.reduce(decider.evolve, ownCopy(decider, known.state));
        const commandIds = context.commandId === undefined ? known.commandIds : new Set([...known.commandIds, context.commandId]);
        this.cache.put(decider, streamId, { state, version: result.version, position: result.position, commandIds });
        return { state, version: result.version, position: result.position, appended: decided };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        known = await this.refreshed(decider, streamId, known);
        checked = true;
        // With If-Match the conflict ends in a 412, unless what got in first was this same command (a retry).
        if (context.expectedVersion !== undefined) {
          if (context.commandId !== undefined && known.commandIds.has(context.commandId)) continue;
          throw new PreconditionFailedError(context.expectedVersion, error.actual ?? known.version);
        }
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyExhaustedError(streamId, attempt);
        await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
      }
    }
  }

  /** If-Match, the command, the decision: events to append, or why there are none. */
  private async decideOn<State, Command extends DomainMessage, Event extends DomainMessage>(
    decider: Decider<State, Command, Event>,
    known: Current<State>,
    source: CommandSource<State, Command>,
    context: CommandContext,
  ): Promise<Decision<Command, Event>> {
    if (context.expectedVersion !== undefined && context.expectedVersion !== known.version) return { kind: 'stale' };
    try {
      const command = typeof source === 'function' ? await (source as (current: Current<State>) => Command | Promise<Command>)(known) : source;
      return { kind: 'decided', command, events: decider.decide(command, known.state) };
    } catch (error) {
      return { kind: 'refused', error };
    }
  }

  /** `cached` with the stream's events after it folded in (the whole stream when nothing is cached). */
  private async refreshed<State, Event extends DomainMessage>(
    decider: Folding<State, Event>,
    streamId: string,
    cached: CachedState<State> | undefined,
  ): Promise<CachedState<State>> {
    if (!cached) return (await this.loadWhole(decider, streamId)).cached;
    const tail = (await this.store.readStream(streamId, { fromVersion: cached.version + 1 })).map((e) => upcast(e));
    if (tail.length === 0) return cached;
    const last = tail[tail.length - 1];
    const added = commandIdsOf(tail);
    const next: CachedState<State> = {
      state: tail.map(asMessage<Event>).reduce(decider.evolve, ownCopy(decider, cached.state)),
      version: last.version,
      position: last.position,
      commandIds: added.size === 0 ? cached.commandIds : new Set([...cached.commandIds, ...added]),
    };
    this.cache.put(decider, streamId, next);
    return next;
  }
}

/** A state this store may evolve without changing one that the cache or a concurrent command holds. */
const ownCopy = <State>(decider: Pick<Decider<State, unknown, unknown>, 'copy'>, state: State): State => (decider.copy ? decider.copy(state) : state);

const asMessage = <Event>(e: StoredEvent): Event => ({ type: e.type, data: e.data }) as unknown as Event;

function commandIdsOf(events: readonly StoredEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (typeof e.metadata.commandId === 'string') ids.add(e.metadata.commandId);
  return ids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
