import { elapsedMs } from '../shared/latency';

export interface TimedWrites {
  /** Milliseconds per write, send to response, in the order they were sent. */
  samples: number[];
  /** Position of the last write's event: where a stream that should see only later writes starts. */
  lastPosition: string;
}

/**
 * `count` customer creates, one after the other (each waits for the previous response), as a single
 * client of the API does: the figure is the latency of one write, not the throughput of many.
 */
export async function timeWrites(baseUrl: string, count: number, label: string, signal: AbortSignal): Promise<TimedWrites> {
  const samples: number[] = [];
  let lastPosition = '';
  for (let i = 0; i < count && !signal.aborted; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${baseUrl}/v1/customers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: `Bench ${label} ${i + 1}` }),
    });
    const body = (await response.json()) as { position?: string };
    samples.push(elapsedMs(started));
    if (response.status !== 201 || !body.position) throw new Error(`POST /v1/customers answered ${response.status}: ${JSON.stringify(body)}`);
    lastPosition = body.position;
  }
  return { samples, lastPosition };
}
