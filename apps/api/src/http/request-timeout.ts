import type { Server } from 'node:http';

/**
 * Bounds how long a client may take to send a request (REQUEST_TIMEOUT_MS). Node 20 has two limits:
 * `headersTimeout`, the time to receive the headers (default min(60 s, requestTimeout)), and
 * `requestTimeout`, the time to receive the whole request, body included (default 300 s: a slow body held a
 * connection for five minutes). Past either, Node answers `408 Request Timeout` and closes the connection.
 * Both count from the request's first byte and stop once the request is fully received, so a long
 * response (the SSE stream) is not cut. Node checks them every `connectionsCheckingInterval` (default
 * 30 s), so that interval is tightened to keep the limit close. It is a createServer option that Nest does
 * not pass; Node keeps it on the server and reads it when the server starts listening, so it is set here,
 * before listen (test/e2e/request-timeout.e2e.spec.ts proves the limit holds).
 */
export function applyRequestTimeout(server: Server, timeoutMs: number): void {
  server.requestTimeout = timeoutMs;
  server.headersTimeout = timeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(25, Math.min(1000, Math.floor(timeoutMs / 4)));
}
