import { integer } from '../shared/markdown-table';

/**
 * Progress of bench:http on stderr: on a terminal one status line, redrawn as the load process reports
 * (phase, seconds, requests, rate); otherwise (a pipe, a CI log, CI set) only a line per step and per run,
 * as the other benches do.
 */
export class RunProgress {
  private readonly live: boolean;
  private label = '';
  private phase: 'warm-up' | 'timed' = 'warm-up';
  private phaseStart = 0;
  private completedAtPhaseStart = 0;
  private lastDrawn = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly timedSeconds: number | null,
  ) {
    this.live = Boolean(stream.isTTY) && !process.env.CI;
  }

  /** A step outside the runs (starting the app, the setup). */
  note(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
  }

  startRun(label: string): void {
    this.label = label;
    this.phase = 'warm-up';
    this.phaseStart = performance.now();
    this.completedAtPhaseStart = 0;
    this.draw(0);
  }

  timed(completed: number): void {
    this.phase = 'timed';
    this.phaseStart = performance.now();
    this.completedAtPhaseStart = completed;
    this.draw(completed);
  }

  /** Requests completed since the run started, as the load process counts them. */
  update(completed: number): void {
    this.draw(completed);
  }

  finishRun(summary: string): void {
    this.clear();
    this.stream.write(`${summary}\n`);
  }

  private draw(completed: number): void {
    if (!this.live) return;
    const now = performance.now();
    if (now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    const seconds = (now - this.phaseStart) / 1000;
    const done = completed - this.completedAtPhaseStart;
    const of = this.phase === 'timed' && this.timedSeconds !== null ? `/${this.timedSeconds}` : '';
    const rate = seconds > 0 ? integer(done / seconds) : '-';
    this.stream.write(`\r\x1b[2K${this.label}: ${this.phase} ${seconds.toFixed(1)}${of} s, ${integer(done)} requests, ${rate}/s`);
  }

  private clear(): void {
    if (this.live) this.stream.write('\r\x1b[2K');
  }
}
