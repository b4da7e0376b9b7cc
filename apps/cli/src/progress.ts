import { Presets, SingleBar } from 'cli-progress';

/** Shows how far a phase is; the bench calls it, it never decides anything. */
export interface ProgressReporter {
  start(label: string, total: number): void;
  advance(count: number): void;
  /** Ends the phase; `summary` is the line a non-interactive run prints for it. */
  finish(summary: string): void;
}

/**
 * A live bar on a terminal; one line per phase otherwise (CI logs and pipes would fill up with redraws).
 * Both write to stderr, as the CLI's logs do: stdout carries only the results (a table, a report, JSON).
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY && !process.env.CI ? new BarProgress(stream) : new LineProgress(stream);
}

class BarProgress implements ProgressReporter {
  private readonly bar: SingleBar;
  private startedAt = 0;
  private done = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.bar = new SingleBar(
      {
        stream,
        format: '{label} {bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        // The ETA averages over recent updates: appends arrive in thousands, a short buffer jumps around.
        etaBuffer: 200,
      },
      Presets.shades_classic,
    );
  }

  start(label: string, total: number): void {
    this.startedAt = performance.now();
    this.done = 0;
    this.bar.start(total, 0, { label: label.padEnd(30), rate: '-' });
  }

  advance(count: number): void {
    this.done += count;
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.bar.update(this.done, { rate: seconds > 0 ? Math.round(this.done / seconds).toLocaleString('en-US') : '-' });
  }

  finish(summary: string): void {
    this.bar.stop();
    this.stream.write(`${summary}\n`);
  }
}

class LineProgress implements ProgressReporter {
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(): void {}

  advance(): void {}

  finish(summary: string): void {
    this.stream.write(`${summary}\n`);
  }
}

/** Runs one phase under the reporter and closes its bar however the phase ends (a bar left open hides the cursor). */
export async function trackPhase<T>(
  progress: ProgressReporter,
  phase: { label: string; total: number; signal?: AbortSignal; summarize(result: T): string },
  work: (advance: (count: number) => void) => Promise<T>,
): Promise<T> {
  progress.start(phase.label, phase.total);
  let summary = `${phase.label}: failed`;
  try {
    const result = await work((count) => progress.advance(count));
    summary = phase.signal?.aborted ? `${phase.label}: interrupted` : phase.summarize(result);
    return result;
  } finally {
    progress.finish(summary);
  }
}
