import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { FromChild, ToChild } from './idle-streams-child';

export type Delivery = Extract<FromChild, { kind: 'delivery' }>;

/**
 * Idle SSE streams held open by a child process (idle-streams-child.ts), so the bench times what the open
 * streams cost the server, not what parsing their frames costs a client sharing its event loop.
 */
export class IdleStreamsProcess {
  private constructor(private readonly child: ChildProcess) {}

  /** Forks the child and opens `count` streams from `after`; resolves once all answered 200. */
  static async open(baseUrl: string, count: number, after: string): Promise<IdleStreamsProcess> {
    // Under ts-node (npm run cli) the child is TypeScript too; from a build it is plain JavaScript.
    const typescript = __filename.endsWith('.ts');
    const child = fork(path.join(__dirname, `idle-streams-child${typescript ? '.ts' : '.js'}`), [], {
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const streams = new IdleStreamsProcess(child);
    try {
      await streams.ask({ kind: 'open', baseUrl, count, after }, 'opened');
    } catch (error) {
      child.kill();
      throw error;
    }
    return streams;
  }

  /** Waits until each stream has `events` events, or `timeoutMs` passed; reports what they got. */
  waitForEach(events: number, timeoutMs: number): Promise<Delivery> {
    return this.ask({ kind: 'wait', events, timeoutMs }, 'delivery');
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = once(this.child, 'exit');
    await this.ask({ kind: 'close' }, 'closed').catch(() => this.child.kill());
    await exited;
  }

  private ask<K extends FromChild['kind']>(message: ToChild, answer: K): Promise<Extract<FromChild, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: FromChild) => {
        if (reply.kind !== answer && reply.kind !== 'failed') return;
        cleanUp();
        if (reply.kind === 'failed') reject(new Error(`idle streams: ${reply.message}`));
        else resolve(reply as Extract<FromChild, { kind: K }>);
      };
      const onExit = (code: number | null) => {
        cleanUp();
        reject(new Error(`the idle streams' process exited (${code})`));
      };
      const cleanUp = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send(message);
    });
  }
}
