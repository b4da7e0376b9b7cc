import { randomInt } from 'node:crypto';
import { Client, Pool } from 'pg';

/** First key of the two-key advisory locks that mark live claim holders; the second key is the holder id. */
export const HOLDER_LOCK_SPACE = 0x4c4c4944; // 'LLID'

const RECONNECT_MS = 1000;
const MAX_ID = 2 ** 31 - 1;

/**
 * This process's liveness as every other process can see it: a session-level advisory lock
 * (HOLDER_LOCK_SPACE, id) held on a connection of its own for as long as the process lives. A claim on an
 * idempotency key records the id; when the process dies its session ends, PostgreSQL drops the lock, and
 * `pg_locks` shows the claim's holder is gone (docs/adr/0011-idempotent-retries-after-a-crash.md). A lost
 * connection is reopened and the same id taken again. The connection has the pool's settings but is not
 * the pool's: it is never lent out, and its errors are this class's alone.
 */
export class ClaimHolder {
  private current?: number;
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly onLost: (error: Error) => void = () => undefined,
  ) {}

  /** The id claims record; set once start() resolved. */
  get id(): number {
    if (this.current === undefined) throw new Error('ClaimHolder.start() has not run');
    return this.current;
  }

  async start(): Promise<void> {
    // Ids are random; one a live process holds is skipped, so two live processes never share one.
    while (!(await this.hold(this.current ?? randomInt(1, MAX_ID)))) this.current = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    // Ending the session is what drops the lock.
    await client?.end().catch(() => undefined);
  }

  private async hold(id: number): Promise<boolean> {
    const client = new Client(this.pool.options);
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [HOLDER_LOCK_SPACE, id]);
      if (!rows[0].locked) {
        await client.end();
        return false;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return true;
    }
    this.client = client;
    this.current = id;
    return true;
  }

  /** Until the lock is back, other processes may take this one's claims over: safe, only not needed. */
  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.onLost(error);
    const again = () => {
      this.retry = setTimeout(() => {
        if (!this.closed) this.start().catch(again);
      }, RECONNECT_MS);
      this.retry.unref();
    };
    again();
  }
}
