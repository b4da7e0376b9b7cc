import { IdleStreams } from './idle-streams';

/**
 * The idle SSE clients' own process (forked by `IdleStreamsProcess`): clients of a real server run
 * elsewhere, so their parsing must not share the app's event loop. Talks to the bench over IPC.
 */
export type ToChild = { kind: 'open'; baseUrl: string; count: number; after: string } | { kind: 'wait'; events: number; timeoutMs: number } | { kind: 'close' };
export type FromChild =
  | { kind: 'opened' }
  | { kind: 'delivery'; complete: boolean; fewestReceived: number; mostReceived: number; failures: string[]; cpuMs: number }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string };

let streams: IdleStreams | undefined;
/** CPU time from the moment all streams are open: what reading them costs the clients' side. */
let cpuSinceOpen: NodeJS.CpuUsage | undefined;
const send = (message: FromChild) => process.send?.(message);

process.on('message', (message: ToChild) => {
  void (async () => {
    try {
      if (message.kind === 'open') {
        streams = await IdleStreams.open(message.baseUrl, message.count, message.after);
        cpuSinceOpen = process.cpuUsage();
        send({ kind: 'opened' });
      } else if (message.kind === 'wait' && streams) {
        const complete = await streams.waitForEach(message.events, message.timeoutMs);
        const { user, system } = process.cpuUsage(cpuSinceOpen);
        const cpuMs = (user + system) / 1000;
        send({ kind: 'delivery', complete, fewestReceived: Math.min(...streams.counts), mostReceived: Math.max(...streams.counts), failures: streams.failures, cpuMs });
      } else if (message.kind === 'close') {
        await streams?.close();
        send({ kind: 'closed' });
        process.disconnect();
      }
    } catch (error) {
      send({ kind: 'failed', message: (error as Error).message });
    }
  })();
});
