import { windowFigures } from './http-bench-results';
import type { WindowCount } from './closed-loop';

describe('the figures of a timed part', () => {
  const latencyMs = { count: 400, p50: 10, p95: 20, p99: 30, max: 40, mean: 12 };
  const window: WindowCount = { requests: 400, errors: 2, seconds: 2, latencyMs, loadCpuMs: 200 };

  it('divides what the server and the processes did between the snapshots by the requests of the window', () => {
    const before = { transactions: 10_000, appCpuMs: 5_000, serverCpuMs: 3_000 };
    const after = { transactions: 12_000, appCpuMs: 6_200, serverCpuMs: 3_400 };
    expect(windowFigures(window, before, after)).toEqual({
      seconds: 2,
      requests: 400,
      requestsPerSecond: 200,
      latencyMs,
      errors: 2,
      pgTransactions: 2_000,
      pgTransactionsPerRequest: 5,
      appCpuMsPerRequest: 3,
      pgCpuMsPerRequest: 1,
      loadCpuMsPerRequest: 0.5,
    });
  });

  it('reports zeros, not infinities, for a window with no request', () => {
    const empty = windowFigures({ ...window, requests: 0 }, { transactions: 1, appCpuMs: 1, serverCpuMs: 1 }, { transactions: 3, appCpuMs: 2, serverCpuMs: 2 });
    expect(empty).toMatchObject({ requestsPerSecond: 0, pgTransactions: 2, pgTransactionsPerRequest: 0, appCpuMsPerRequest: 0, pgCpuMsPerRequest: 0 });
  });
});
