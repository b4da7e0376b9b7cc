import { Inject, Injectable } from '@nestjs/common';
import { Decider, fold } from '../../domain/shared/decider';
import type { EventStore } from '../../event-store/port';
import { Position, START, StoredEvent, VersionConflictError } from '../../event-store/port';
import { ConcurrencyExhaustedError, PreconditionFailedError } from './application-errors';
import { CommandContext, newEvents } from './command-context';
import { earlierRun } from './earlier-run';
import { EVENT_STORE } from './tokens';
import { upcast } from '../../contracts/upcasters';

type DomainMessage = { type: string; data: unknown };

export interface Loaded<State> {
  state: State;
  /** Version of the stream's last event; -1 when the stream does not exist. */
  version: number;
  /** Position of the stream's last event (START when none). */
  position: Position;
  events: StoredEvent[];
}

export interface Executed<State> extends Loaded<State> {
  /** What this command appended (empty when the decider found nothing to change). */
  appended: DomainMessage[];
  /** Set when the command had run before and this is its result again: when its events were recorded. */
  ranAt?: string;
}

const MAX_ATTEMPTS = 20;
const BACKOFF_BASE_MS = 2;
const BACKOFF_CAP_MS = 100;

/**
 * The path of a command (architecture.md): read the stream, fold `evolve`, `decide`, append with the version
 * read. On a conflict it reloads and decides again, with jittered backoff, a bounded number of times;
 * with a client `If-Match` a conflict is the client's 412 instead. A command whose events the stream
 * already holds (a retry, by `commandId`) decides nothing: it gets its first result again (ADR 0011).
 */
@Injectable()
export class AggregateStore {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<State, Event extends DomainMessage>(
    decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
    streamId: string,
    toVersion?: number,
  ): Promise<Loaded<State>> {
    // Deciders fold the current shape of every event: older stored shapes are upcast on the way in.
    const events = (await this.store.readStream(streamId, toVersion === undefined ? {} : { toVersion })).map((e) => upcast(e));
    const last = events[events.length - 1];
    return {
      state: fold(decider, events.map((e) => ({ type: e.type, data: e.data }) as unknown as Event)),
      version: last ? last.version : -1,
      position: last ? last.position : START,
      events,
    };
  }

  async execute<State, Command extends DomainMessage, Event extends DomainMessage>(
    decider: Decider<State, Command, Event>,
    streamId: string,
    command: Command,
    context: CommandContext,
  ): Promise<Executed<State>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(decider, streamId);
      // Before If-Match: the retry of a command that ran finds the stream past the version it names.
      const earlier = earlierRun(decider, loaded, context.commandId);
      if (earlier) return earlier;
      if (context.expectedVersion !== undefined && context.expectedVersion !== loaded.version) {
        throw new PreconditionFailedError(context.expectedVersion, loaded.version);
      }
      const decided = decider.decide(command, loaded.state);
      if (decided.length === 0) return { ...loaded, appended: [] };
      try {
        const result = await this.store.append(
          streamId,
          newEvents(context, command.type, streamId, decided),
          loaded.version === -1 ? 'no_stream' : loaded.version,
        );
        return {
          state: decided.reduce(decider.evolve, loaded.state),
          version: result.version,
          position: result.position,
          events: loaded.events,
          appended: decided,
        };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        // With If-Match the reload ends in a 412, unless what got in first was this same command (a retry).
        if (context.expectedVersion !== undefined) {
          if (context.commandId !== undefined) continue;
          throw new PreconditionFailedError(context.expectedVersion, error.actual ?? loaded.version + 1);
        }
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyExhaustedError(streamId, attempt);
        await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
