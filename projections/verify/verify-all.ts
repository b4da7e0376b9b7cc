import type { Pool } from 'pg';
import type { EventStore } from '../../libs/event-store/port';
import { START, comparePositions } from '../../libs/event-store/port';
import type { Projection } from '../runtime/projection';
import { InvariantResult, checkLedgerInvariants } from './ledger-invariants';
import { ReplayCheck, Replayed, checkReplay } from './replay-check';

/** A tampered or missing event, named by stream and version. */
export interface ChainFinding {
  streamId: string;
  version: number;
  kind: string;
  message: string;
}

export interface ChainReport {
  eventsChecked: number;
  findings: ChainFinding[];
}

export interface VerifyReport {
  ok: boolean;
  /** (a) every projection rebuilt from the log equals its live tables, row by row. */
  replay: ReplayCheck[];
  /** (b) domain.md's ledger invariants, on the rebuilt tables all brought to `invariantsPosition`. */
  invariants: InvariantResult[];
  invariantsPosition: string;
  /** (c) the tamper-evident hash chain of every stream. */
  hashChain: ChainReport;
}

/** Progress of one phase: the CLI turns it into a bar. */
export interface VerifyProgress {
  start(label: string, total: number): void;
  advance(count: number): void;
  finish(summary: string): void;
}

export interface VerifyOptions {
  store: EventStore;
  pool: Pool;
  databaseUrl: string;
  projections: readonly Projection[];
  /** The hash-chain check of the store (both adapters write the chain on append). */
  checkChain: (store: EventStore, onProgress: (events: number) => void) => Promise<ChainReport>;
  progress?: VerifyProgress;
  /** Events in the log, for the progress bars' totals. */
  totalEvents: number;
}

const QUIET: VerifyProgress = { start: () => undefined, advance: () => undefined, finish: () => undefined };

/**
 * The auditor's `verify`: (a) replays the log into scratch tables and compares each projection
 * with its live tables; (b) brings the scratch tables to one common position and checks the ledger
 * invariants there (by (a), the live tables are those very rows at their own positions); (c) checks the
 * hash chain. Reads only: nothing live is written, scratch schemas are dropped at the end.
 */
export async function verifyAll(options: VerifyOptions): Promise<VerifyReport> {
  const { store, pool, databaseUrl, projections, totalEvents } = options;
  const progress = options.progress ?? QUIET;
  const replayed: Replayed[] = [];
  try {
    for (const projection of projections) {
      progress.start(`replay ${projection.name}`, totalEvents);
      const done = await checkReplay({ store, pool, databaseUrl, projection, onProgress: (n) => progress.advance(n) });
      replayed.push(done);
      const { differences, eventsApplied, failure } = done.check;
      const outcome = failure ? `stopped at ${failure.type} ${failure.streamId}@${failure.version}` : differences.length === 0 ? 'equal to the live tables' : `${differences.length} table(s) differ`;
      progress.finish(`${projection.name}: ${eventsApplied} events replayed, ${outcome}`);
    }
    const failed = replayed.filter((r) => r.check.failure !== null).map((r) => r.check.projection);
    const common = replayed.reduce((max, r) => (comparePositions(r.check.position, max) > 0 ? r.check.position : max), START);
    if (failed.length === 0) for (const { scratch } of replayed) await scratch.applyUpTo(store, common);
    const schema = (name: string) => replayed.find((r) => r.check.projection === name)?.scratch.schema;
    const [journals, receivables, stock, orders] = ['journals', 'receivables', 'stock', 'orders'].map(schema);
    const invariants: InvariantResult[] =
      failed.length > 0
        ? [{ name: 'ledger invariants', holds: false, detail: { reason: `not checked: the replay of ${failed.join(', ')} stopped at an event it could not apply` } }]
        : journals && receivables && stock && orders
        ? await checkLedgerInvariants(pool, { journals, receivables, stock, orders })
        : [{ name: 'ledger invariants', holds: false, detail: { reason: 'journals, receivables, stock and orders must all be verified' } }];

    progress.start('hash chain', totalEvents);
    const hashChain = await options.checkChain(store, (n) => progress.advance(n));
    progress.finish(`hash chain: ${hashChain.eventsChecked} events, ${hashChain.findings.length} finding(s)`);

    const ok = replayed.every((r) => r.check.differences.length === 0 && r.check.failure === null) && invariants.every((i) => i.holds) && hashChain.findings.length === 0;
    return { ok, replay: replayed.map((r) => r.check), invariants, invariantsPosition: common, hashChain };
  } finally {
    for (const { scratch } of replayed) await scratch.drop().catch(() => undefined);
  }
}
