import { Position, START } from './port';

/**
 * Position codecs (docs/adr/0002-position-format.md). Each store writes its own prefix and fixed-width
 * decimal fields, so plain string comparison orders positions like the numbers they hold.
 */
const pad = (value: bigint | string | number, width: number): string => {
  const text = BigInt(value).toString();
  if (text.length > width || text.startsWith('-')) throw new Error(`Position field out of range: ${text}`);
  return text.padStart(width, '0');
};

function decode(position: Position, prefix: string, widths: readonly number[]): bigint[] {
  const parts = position.split(':');
  if (parts[0] !== prefix || parts.length !== widths.length + 1) {
    throw new InvalidPositionError(position);
  }
  return parts.slice(1).map((part, i) => {
    if (part.length !== widths[i] || !/^\d+$/.test(part)) throw new InvalidPositionError(position);
    return BigInt(part);
  });
}

/** True when `decode` takes the text: each adapter's `isPosition`, without the exception. */
export function decodes(decode: (position: Position) => unknown, text: string): boolean {
  try {
    decode(text);
    return true;
  } catch (error) {
    if (error instanceof InvalidPositionError) return false;
    throw error;
  }
}

export class InvalidPositionError extends Error {
  readonly code = 'INVALID_POSITION';
  constructor(readonly position: string) {
    super(`Not a position of this event store: ${JSON.stringify(position)}`);
    this.name = 'InvalidPositionError';
  }
}

export const postgresPosition = {
  encode: (transactionId: bigint | string, globalPosition: bigint | string): Position =>
    `pg:${pad(transactionId, 20)}:${pad(globalPosition, 19)}`,
  decode(position: Position): { transactionId: bigint; globalPosition: bigint } {
    if (position === START) return { transactionId: 0n, globalPosition: 0n };
    const [transactionId, globalPosition] = decode(position, 'pg', [20, 19]);
    return { transactionId, globalPosition };
  },
};

export const eventStoreDbPosition = {
  encode: (commit: bigint | string, prepare: bigint | string): Position => `esdb:${pad(commit, 20)}:${pad(prepare, 20)}`,
  decode(position: Position): { commit: bigint; prepare: bigint } {
    const [commit, prepare] = decode(position, 'esdb', [20, 20]);
    return { commit, prepare };
  },
};

export const memoryPosition = {
  encode: (sequence: number): Position => `mem:${pad(sequence, 19)}`,
  decode(position: Position): number {
    if (position === START) return 0;
    return Number(decode(position, 'mem', [19])[0]);
  },
};
