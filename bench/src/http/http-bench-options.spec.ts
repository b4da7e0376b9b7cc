import { UsageError } from '../shared/bench-options';
import { parseHttpBenchOptions } from './http-bench-options';

describe('bench:http options', () => {
  const parse = (...args: string[]) => parseHttpBenchOptions(args, '/repo');

  it('runs every scenario with 1, 16 and 64 clients, projections in-process then off, by default', () => {
    expect(parse()).toEqual({
      durationSeconds: 10,
      requests: null,
      warmUpSeconds: 3,
      clients: [1, 16, 64],
      scenarios: ['add-line', 'order-to-cash', 'read-mix'],
      projections: ['in-process', 'off'],
      appRoot: '/repo',
      outDir: 'bench/results',
    });
  });

  it('makes --quick short and in-process only, but an explicit option wins in either order', () => {
    expect(parse('--quick')).toMatchObject({ durationSeconds: 1, warmUpSeconds: 0.5, projections: ['in-process'] });
    expect(parse('--duration', '4', '--quick', '--projections=both')).toMatchObject({ durationSeconds: 4, warmUpSeconds: 0.5, projections: ['in-process', 'off'] });
  });

  it('reads lists, modes, a request count and the app root (relative to the working directory)', () => {
    expect(parse('--clients=16,1', '--scenarios', 'read-mix,add-line', '--projections', 'off', '--requests', '500', '--app-root', '../before')).toMatchObject({
      clients: [16, 1],
      scenarios: ['read-mix', 'add-line'],
      projections: ['off'],
      requests: 500,
      appRoot: '/before',
    });
  });

  it('refuses what it cannot run', () => {
    for (const args of [['--scenarios', 'checkout'], ['--projections', 'sometimes'], ['--duration', '0'], ['--duration', '5', '--requests', '10'], ['--clients', '0'], ['--fast']]) {
      expect(() => parse(...args)).toThrow(UsageError);
    }
    expect(parse('--help')).toBe('help');
  });
});
