import type { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { Problem } from '../http/problem';

export const READ_AFTER_TIMEOUT_MS = 5000;

/**
 * Read-your-writes (api.md): with `?after=<position>` a read waits until the projection has applied that
 * position, up to 5 s, then answers 503 with Retry-After. A failed projection answers 503 at once. A text
 * that is no position of this log is the caller's 400, before any waiting.
 */
export async function readAfter(host: ProjectionHost, projection: string, after: string | undefined): Promise<void> {
  if (after !== undefined && !host.isPosition(after)) {
    throw new Problem(400, 'INVALID_POSITION', 'after must be a position returned by a command of this server', [{ field: 'after', message: 'not a position of this log' }]);
  }
  const status = host.status(projection);
  if (status.state === 'failed') {
    throw new Problem(503, 'PROJECTION_FAILED', `The ${projection} projection stopped at ${status.error?.position}: ${status.error?.message}`, undefined, {
      'Retry-After': '30',
    });
  }
  if (after === undefined || after === '') return;
  if (!(await host.waitFor(projection, after, READ_AFTER_TIMEOUT_MS))) {
    throw new Problem(503, 'PROJECTION_BEHIND', `The ${projection} projection has not reached ${after} yet`, undefined, { 'Retry-After': '1' });
  }
}
