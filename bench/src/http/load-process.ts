import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { WindowCount } from './closed-loop';
import type { ScenarioName } from './http-bench-options';
import type { FromLoad, ToLoad } from './load-child';

/**
 * The load generator in a process of its own (load-child.ts), driven over IPC: the bench's process only
 * keeps time and takes the snapshots, the app's process only serves, and the clients' CPU is neither.
 */
export class LoadProcess {
  private completedListener?: (completed: number) => void;
  private readonly exited: Promise<unknown>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = once(child, 'exit');
    child.on('message', (message: FromLoad) => {
      if (message.kind === 'progress') this.completedListener?.(message.completed);
    });
  }

  /** Forks the child and makes the fixtures on the app at `baseUrl`. */
  static async start(baseUrl: string, customers: number, seed: number): Promise<{ load: LoadProcess; customers: number; products: number }> {
    // Under ts-node (npm run bench:http) the child is TypeScript too; from a build it is plain JavaScript.
    const typescript = __filename.endsWith('.ts');
    const child = fork(path.join(__dirname, `load-child${typescript ? '.ts' : '.js'}`), [], {
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const load = new LoadProcess(child);
    try {
      const ready = await load.ask({ kind: 'setup', baseUrl, customers, seed }, 'ready');
      return { load, customers: ready.customers, products: ready.products };
    } catch (error) {
      await load.close();
      throw error;
    }
  }

  /** Starts the scenario's clients (uncounted: the warm-up). `onProgress` hears the requests completed so far. */
  async run(scenario: ScenarioName, clients: number, onProgress: (completed: number) => void): Promise<void> {
    this.completedListener = onProgress;
    await this.ask({ kind: 'run', scenario, clients }, 'started');
  }

  /** Opens the counted window; with `requests`, resolves `reached` once it holds that many. */
  async count(requests: number | null): Promise<{ reached: Promise<void> }> {
    // Also settled if the child exits first: the caller races it with its own deadline and Ctrl-C.
    const reached = requests === null ? new Promise<void>(() => undefined) : this.next('reached').then(
          () => undefined,
          () => undefined,
        );
    await this.ask({ kind: 'count', requests }, 'counting');
    return { reached };
  }

  endCount(): Promise<WindowCount> {
    return this.ask({ kind: 'end-count' }, 'counted').then((m) => m.window);
  }

  /** Stops the clients (each finishes its request in flight); says how many errors the whole run had. */
  async stop(): Promise<{ errors: number; errorSamples: string[] }> {
    this.completedListener = undefined;
    const stopped = await this.ask({ kind: 'stop' }, 'stopped');
    return { errors: stopped.errors, errorSamples: stopped.errorSamples };
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const gone = await Promise.race([this.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
    if (!gone) this.child.kill('SIGKILL');
  }

  private ask<K extends FromLoad['kind']>(message: ToLoad, answer: K): Promise<Extract<FromLoad, { kind: K }>> {
    const answered = this.next(answer);
    this.child.send(message);
    return answered;
  }

  /** The child's next message of kind `answer`; rejects if it reports a failure or exits first. */
  private next<K extends FromLoad['kind']>(answer: K): Promise<Extract<FromLoad, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: FromLoad) => {
        if (reply.kind !== answer && reply.kind !== 'failed') return;
        cleanUp();
        if (reply.kind === 'failed') reject(new Error(`load process: ${reply.message}`));
        else resolve(reply as Extract<FromLoad, { kind: K }>);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanUp();
        reject(new Error(`the load process exited (${code ?? signal})`));
      };
      const cleanUp = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
    });
  }
}
