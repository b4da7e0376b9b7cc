import { setTimeout as sleep } from 'node:timers/promises';
import { Distribution, distributionOf } from '../shared/percentiles';
import type { JsonClient } from './json-client';
import type { ClientScript } from './scenarios';

/** Error answers quoted in the results: enough to see what went wrong, not a log of every one. */
const ERROR_SAMPLES = 5;
const ERROR_BODY_CHARS = 300;

/** What a counted window measured on the load's side. */
export interface WindowCount {
  /** Requests that completed in the window, 2xx or not. */
  requests: number;
  /** Of those, the ones not answered 2xx (or not at all). */
  errors: number;
  seconds: number;
  /** Send to complete response, of the requests completed in the window. */
  latencyMs: Distribution;
  /** CPU of the load's process over the window, in ms. */
  loadCpuMs: number;
}

/**
 * N clients in a closed loop: each sends its script's next request as soon as the previous one answered,
 * so the load follows the app's pace (a client waits for its answer, as a service calling the api does).
 * The loop runs from `start` to `stop`; only requests that complete between `count` and `endCount` are
 * counted, so the warm-up and the window run on without a pause between them.
 */
export class ClosedLoop {
  private running = false;
  private counting = false;
  private clients: Promise<void>[] = [];
  private latencies: number[] = [];
  private errors = 0;
  private windowStart = 0;
  private cpuAtStart: NodeJS.CpuUsage | undefined;
  private target: { requests: number; reached(): void } | undefined;
  /** Every request completed since `start`, counted or not: the progress figure. */
  completed = 0;
  /** Non-2xx answers since `start`, warm-up included, and the first few of them quoted. */
  allErrors = 0;
  readonly errorSamples: string[] = [];

  constructor(
    private readonly http: JsonClient,
    private readonly scripts: readonly ClientScript[],
  ) {}

  start(): void {
    this.running = true;
    this.clients = this.scripts.map((script) => this.client(script));
  }

  /** Starts the counted window; `target`: say when it holds that many requests. */
  count(target?: { requests: number; reached(): void }): void {
    this.latencies = [];
    this.errors = 0;
    this.target = target;
    this.cpuAtStart = process.cpuUsage();
    this.windowStart = performance.now();
    this.counting = true;
  }

  /** Ends the counted window (the clients run on until `stop`). */
  endCount(): WindowCount {
    this.counting = false;
    const seconds = (performance.now() - this.windowStart) / 1000;
    const cpu = process.cpuUsage(this.cpuAtStart);
    return { requests: this.latencies.length, errors: this.errors, seconds, latencyMs: distributionOf(this.latencies), loadCpuMs: (cpu.user + cpu.system) / 1000 };
  }

  /** Lets every client finish the request it has in flight, then resolves. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.clients);
  }

  private async client(script: ClientScript): Promise<void> {
    while (this.running) {
      const step = script.next();
      const sent = performance.now();
      let failure: string | undefined;
      let answered = true;
      try {
        const response = await this.http.request(step.method, step.path, step.body);
        if (response.status >= 200 && response.status < 300) script.answered(response);
        else failure = `${step.route}: ${response.status} ${response.text.slice(0, ERROR_BODY_CHARS)}`;
      } catch (error) {
        failure = `${step.route}: no answer (${(error as Error).message})`;
        answered = false;
      }
      const ms = performance.now() - sent;
      this.completed++;
      if (failure !== undefined) {
        script.failed();
        this.allErrors++;
        if (this.errorSamples.length < ERROR_SAMPLES) this.errorSamples.push(failure);
      }
      if (this.counting) {
        this.latencies.push(ms);
        if (failure !== undefined) this.errors++;
        if (this.target && this.latencies.length >= this.target.requests) {
          this.target.reached();
          this.target = undefined;
        }
      }
      // A refused connection fails at once: do not spin on it.
      if (!answered) await sleep(10);
    }
  }
}
