/**
 * Idle Server-Sent Events clients, as a dashboard or an integration leaves them open: each connects to
 * `GET /v1/events/stream` and reads whatever comes, counting events (frames with an `id:`), so the bench can
 * check every stream got every write. They do nothing else: the cost they add is the server's.
 */
export class IdleStreams {
  private readonly controller = new AbortController();
  private readonly readers: Promise<void>[] = [];
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
    this.controller.abort();
    await Promise.all(this.readers);
  }

  private async connect(url: string, index: number): Promise<void> {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: this.controller.signal });
    if (response.status !== 200 || !response.body) throw new Error(`stream ${index} answered ${response.status}`);
    this.readers.push(this.read(response.body, index));
  }

  private async read(body: ReadableStream<Uint8Array>, index: number): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          if (buffer.startsWith('id:')) this.counts[index]++;
          buffer = buffer.slice(end + 2);
        }
      }
      if (!this.controller.signal.aborted) this.failures.push(`stream ${index} ended`);
    } catch (error) {
      if (!this.controller.signal.aborted) this.failures.push(`stream ${index}: ${(error as Error).message}`);
    }
  }
}
