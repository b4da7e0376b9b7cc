import { Client } from 'pg';
import { processCpuMs, serverCpuMs } from './process-cpu';

/** Counters read at both ends of a timed part; their differences, divided by the requests, are the figures. */
export interface ActivitySnapshot {
  /** Σ xact_commit over pg_stat_database: transactions committed so far, in every database of the server. */
  transactions: number;
  appCpuMs: number;
  serverCpuMs: number;
}

/**
 * Reads the app's and its PostgreSQL's counters: one connection of its own to the embedded server (its
 * snapshot query is one transaction, noise next to thousands) and /proc for the processes' CPU.
 *
 * PostgreSQL publishes a backend's counts when it goes idle, at most once a second, and an idle backend's
 * last second only after 10 s: so the snapshots are taken while the load runs on both sides of the window
 * (the warm-up flows into it, and the load goes on until the second snapshot), and each end misses about
 * the same fraction of a second of transactions. Over a window of several seconds the error is a few per
 * cent; over a quick run's one second it can be large.
 */
export class ServerActivity {
  private constructor(
    private readonly client: Client,
    private readonly appPid: number,
    private readonly postmasterPid: number,
  ) {}

  static async connect(serverUrl: string, appPid: number, postmasterPid: number): Promise<ServerActivity> {
    const client = new Client({ connectionString: serverUrl });
    // The server going down (the app's shutdown, Ctrl-C reaching it first) ends this connection: the next
    // snapshot then fails, which is the error to report, not this event.
    client.on('error', () => undefined);
    await client.connect();
    return new ServerActivity(client, appPid, postmasterPid);
  }

  async snapshot(): Promise<ActivitySnapshot> {
    const { rows } = await this.client.query<{ transactions: string }>('SELECT sum(xact_commit)::text AS transactions FROM pg_stat_database');
    return { transactions: Number(rows[0].transactions), appCpuMs: processCpuMs(this.appPid), serverCpuMs: serverCpuMs(this.postmasterPid) };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
