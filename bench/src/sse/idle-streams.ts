import http from 'node:http';

/**
 * Idle Server-Sent Events clients, as dashboards or integrations leave them open: each connects to
 * `GET /v1/events/stream` and reads whatever comes, counting events (frames with an `id:`), so the bench can
 * check every stream got every write. Plain `node:http` rather than fetch: a client this cheap keeps the
 * bench's own share of the two cores small, as clients of a real server run elsewhere.
 */
export class IdleStreams {
  private readonly requests: http.ClientRequest[] = [];
  private readonly ended: Promise<void>[] = [];
  private closing = false;
  /** Events received, per stream. */
  readonly counts: number[];
  /** Why a stream ended early, if one did. */
  readonly failures: string[] = [];

  private constructor(count: number) {
    this.counts = new Array<number>(count).fill(0);
  }

  /** Opens `count` streams from `after`; resolves once every one has answered 200 (or rejects). */
  static async open(baseUrl: string, count: number, after: string): Promise<IdleStreams> {
    const streams = new IdleStreams(count);
    const url = `${baseUrl}/v1/events/stream?after=${encodeURIComponent(after)}`;
    try {
      await Promise.all(streams.counts.map((_, i) => streams.connect(url, i)));
    } catch (error) {
      await streams.close();
      throw error;
    }
    return streams;
  }

  /** Resolves true once every stream has received at least `events`; false after `timeoutMs`. */
  async waitForEach(events: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Math.min(...this.counts) < events) {
      if (Date.now() > deadline || this.failures.length > 0) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const request of this.requests) request.destroy();
    await Promise.all(this.ended);
  }

  private connect(url: string, index: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { agent: false, headers: { Accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`stream ${index} answered ${response.statusCode}`));
          return;
        }
        resolve();
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            if (buffer.startsWith('id:')) this.counts[index]++;
            buffer = buffer.slice(end + 2);
          }
        });
        this.ended.push(
          new Promise<void>((done) =>
            response.on('close', () => {
              if (!this.closing) this.failures.push(`stream ${index} ended`);
              done();
            }),
          ),
        );
      });
      request.on('error', (error) => {
        if (this.closing) return;
        this.failures.push(`stream ${index}: ${error.message}`);
        reject(error);
      });
      this.requests.push(request);
    });
  }
}
