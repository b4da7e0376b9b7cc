import { ChainedAppendIo, StreamHead, StreamHeads, appendChained } from './chained-append';
import { GENESIS_HASH, chainHashes } from './hash-chain';
import { AppendResult, NewEvent, VersionConflictError } from './port';

const event = (type: string): NewEvent => ({
  type,
  data: {},
  metadata: { actor: 'unit', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 },
});

/** A one-stream store that counts its reads. */
function fakeIo(initial: NewEvent[] = []) {
  const log: NewEvent[] = chainHashes('s', GENESIS_HASH, 0, initial);
  const reads = { linkAt: 0, lastHead: 0 };
  let interlopers = 0;
  const io: ChainedAppendIo = {
    linkAt: async (_id, version) => {
      reads.linkAt++;
      return log[version]?.metadata.hash;
    },
    lastHead: async (): Promise<StreamHead | undefined> => {
      reads.lastHead++;
      return log.length === 0 ? undefined : { version: log.length - 1, link: log[log.length - 1].metadata.hash! };
    },
    write: async (_id, events, expected): Promise<AppendResult> => {
      if (interlopers > 0) {
        interlopers--;
        log.push(...chainHashes('s', log[log.length - 1]?.metadata.hash ?? GENESIS_HASH, log.length, [event('Interloper')]));
      }
      const actual = log.length - 1;
      if ((expected === 'no_stream' && actual !== -1) || (typeof expected === 'number' && expected !== actual)) {
        throw new VersionConflictError('s', expected, actual);
      }
      log.push(...events);
      return { version: log.length - 1, position: `p${log.length - 1}` };
    },
  };
  return { io, log, reads, interrupt: (n: number) => (interlopers = n) };
}

describe('appendChained', () => {
  it('needs no read when the head of the expected version is known, one read when it is not', async () => {
    const { io, log, reads } = fakeIo([event('A')]);
    const heads = new StreamHeads();
    await appendChained('s', [event('B')], 0, heads, io);
    expect(reads).toEqual({ linkAt: 1, lastHead: 0 });
    await appendChained('s', [event('C')], 1, heads, io);
    await appendChained('s', [event('D')], 'any', heads, io);
    expect(reads).toEqual({ linkAt: 1, lastHead: 0 });
    expect(log.map((e) => e.metadata.hash)).toEqual(chainHashes('s', GENESIS_HASH, 0, log).map((e) => e.metadata.hash));
  });

  it('reports a conflict for an exact version the stream does not have, without writing', async () => {
    const { io, log } = fakeIo([event('A')]);
    const error = await appendChained('s', [event('B')], 5, new StreamHeads(), io).catch((e: unknown) => e);
    expect(error).toEqual(expect.objectContaining({ expected: 5, actual: 0 }));
    expect(log).toHaveLength(1);
  });

  it('retries any with a fresh head while others get in first, and gives up in the end', async () => {
    const { io, log, reads, interrupt } = fakeIo([event('A')]);
    interrupt(3);
    await appendChained('s', [event('B')], 'any', new StreamHeads(), io);
    expect(log.map((e) => e.type)).toEqual(['A', 'Interloper', 'Interloper', 'Interloper', 'B']);
    expect(reads.lastHead).toBe(4);
    expect(log.map((e) => e.metadata.hash)).toEqual(chainHashes('s', GENESIS_HASH, 0, log).map((e) => e.metadata.hash));

    interrupt(Infinity);
    const error = await appendChained('s', [event('C')], 'any', new StreamHeads(), io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toEqual(expect.objectContaining({ expected: 'any' }));
  }, 20_000);
});

describe('StreamHeads', () => {
  it('keeps the newest head of each stream and drops the least recently used', () => {
    const heads = new StreamHeads(2);
    heads.remember('a', 3, 'h3');
    heads.remember('a', 1, 'h1');
    expect(heads.get('a')).toEqual({ version: 3, link: 'h3' });
    heads.remember('b', 0, 'x');
    heads.get('a');
    heads.remember('c', 0, 'y');
    expect(heads.get('b')).toBeUndefined();
    expect(heads.get('a')).toEqual({ version: 3, link: 'h3' });
    expect(heads.get('c')).toEqual({ version: 0, link: 'y' });
  });
});
