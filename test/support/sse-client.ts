/** A frame of a Server-Sent Events stream as a client sees it. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: number;
}

/**
 * A minimal EventSource for tests: connects with fetch, parses frames as they arrive, and lets a test
 * wait for a number of events and drop the connection whenever it likes (what a flaky network does).
 */
export class SseClient {
  readonly frames: SseFrame[] = [];
  private readonly controller = new AbortController();
  private listeners: (() => void)[] = [];
  status?: number;
  headers?: Headers;
  private reading?: Promise<void>;

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: client.controller.signal });
    client.status = response.status;
    client.headers = response.headers;
    if (response.body) client.reading = client.read(response.body).catch(() => undefined);
    return client;
  }

  get events(): (SseFrame & { id: string; data: string })[] {
    return this.frames.filter((f): f is SseFrame & { id: string; data: string } => f.data !== undefined && f.id !== undefined);
  }

  /** Resolves once `count` events (frames with data) have arrived; rejects after `timeoutMs`. */
  async waitForEvents(count: number, timeoutMs = 5000): Promise<void> {
    await this.until(() => this.events.length >= count, timeoutMs, `${count} events (got ${this.events.length})`);
  }

  async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  /** Resolves once the server has ended the stream; rejects after `timeoutMs`. */
  async untilEnded(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the stream did not end')), timeoutMs)));
    try {
      await Promise.race([this.reading, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.reading;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.frames.push(parseFrame(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
        for (const listener of [...this.listeners]) listener();
      }
    }
  }
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
      else if (field === 'retry') frame.retry = Number(value);
    }
  }
  return frame;
}
