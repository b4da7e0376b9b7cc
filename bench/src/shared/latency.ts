/** Latency figures of one scenario, in milliseconds per append call. */
export interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * Keeps every sample (a Float64Array grows by doubling): a few hundred thousand appends at most, and exact
 * percentiles beat a histogram's buckets when the interesting figure (p99) sits in the tail.
 */
export class LatencyRecorder {
  private samples = new Float64Array(1024);
  private count = 0;

  record(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  summary(): LatencySummary {
    const sorted = this.samples.slice(0, this.count).sort();
    if (sorted.length === 0) return { p50: 0, p99: 0, mean: 0, max: 0 };
    const sum = sorted.reduce((a, b) => a + b, 0);
    return {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      mean: sum / sorted.length,
      max: sorted[sorted.length - 1],
    };
  }
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
