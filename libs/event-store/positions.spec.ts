import fc from 'fast-check';
import { comparePositions } from './port';
import { eventStoreDbPosition, InvalidPositionError, memoryPosition, postgresPosition } from './positions';

describe('position codecs', () => {
  it('round-trip and order like the numbers they hold (PostgreSQL)', () => {
    const big = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(big, big, big, big, (t1, p1, t2, p2) => {
        const a = postgresPosition.encode(t1, p1);
        const b = postgresPosition.encode(t2, p2);
        expect(postgresPosition.decode(a)).toEqual({ transactionId: t1, globalPosition: p1 });
        const numeric = t1 === t2 ? Math.sign(Number(p1 - p2)) : Math.sign(Number(t1 - t2));
        expect(comparePositions(a, b)).toBe(numeric);
      }),
    );
  });

  it('round-trip and order like the numbers they hold (EventStoreDB)', () => {
    const big = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    fc.assert(
      fc.property(big, big, big, (c1, c2, prepare) => {
        const a = eventStoreDbPosition.encode(c1, prepare);
        const b = eventStoreDbPosition.encode(c2, prepare);
        expect(eventStoreDbPosition.decode(a)).toEqual({ commit: c1, prepare });
        expect(comparePositions(a, b)).toBe(c1 === c2 ? 0 : c1 < c2 ? -1 : 1);
      }),
    );
  });

  it('sorts the start before every position', () => {
    expect(comparePositions('', postgresPosition.encode(0n, 0n))).toBe(-1);
    expect(comparePositions('', memoryPosition.encode(1))).toBe(-1);
    expect(postgresPosition.decode('')).toEqual({ transactionId: 0n, globalPosition: 0n });
  });

  it('refuses positions of another store or a malformed one', () => {
    expect(() => postgresPosition.decode(eventStoreDbPosition.encode(1n, 1n))).toThrow(InvalidPositionError);
    expect(() => postgresPosition.decode('pg:12:34')).toThrow(InvalidPositionError);
    expect(() => memoryPosition.decode('mem:abc')).toThrow(InvalidPositionError);
  });
});
