import http from 'node:http';

export interface JsonResponse {
  status: number;
  /** The body as text; parse it only when the script needs a field of it. */
  text: string;
}

/**
 * A JSON client on plain `node:http` with a keep-alive agent: each closed-loop client keeps one connection
 * and sends one request at a time on it, as a service calling the api would. Plain `http` rather than fetch:
 * the load's CPU shares the machine with the app, and fetch (undici) cost more per request, measured here
 * against the app with one client: 0.9 ms against 0.6 ms for a GET, 1.1 against 0.4 ms for a small POST.
 */
export class JsonClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: payload === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
