import { distributionOf } from './percentiles';

describe('distributionOf', () => {
  it('takes nearest-rank percentiles over every sample, in any order', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100, 99 … 1
    expect(distributionOf(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it('gives the one sample for every percentile, and zeros when there is none', () => {
    expect(distributionOf([7.5])).toEqual({ count: 1, p50: 7.5, p95: 7.5, p99: 7.5, max: 7.5, mean: 7.5 });
    expect(distributionOf([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });

  it('puts p99 of ten samples on the largest (rank ceil(9.9) = 10), and p50 on the fifth', () => {
    const d = distributionOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]);
    expect([d.p50, d.p95, d.p99]).toEqual([5, 1000, 1000]);
  });
});
