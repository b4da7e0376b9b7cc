import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ChainedContent, GENESIS_HASH, canonicalJson, chainHashes, eventHash, verifyChain } from './hash-chain';
import { EventMetadata, JsonObject, NewEvent, StoredEvent } from './port';

const meta = (extra: JsonObject = {}): EventMetadata => ({
  actor: 'unit',
  correlationId: 'corr',
  causationId: 'cause',
  command: 'Test',
  schemaVersion: 1,
  ...extra,
});
const newEvent = (type: string, data: JsonObject = {}): NewEvent => ({ type, data, metadata: meta() });

/** Events as a store would give them back after appending `events` to `streamId` from version 0. */
function stored(streamId: string, events: readonly NewEvent[]): ChainedContent[] {
  return chainHashes(streamId, GENESIS_HASH, 0, events).map((e, version) => ({ streamId, version, type: e.type, data: e.data, metadata: e.metadata }));
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}');
  });

  it('writes what JSON.stringify writes for what the stores keep (undefined, toJSON, numbers, escapes)', () => {
    expect(canonicalJson({ gone: undefined, kept: [undefined, 1] })).toBe('{"kept":[null,1]}');
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.000Z') })).toBe('{"at":"2026-01-02T03:04:05.000Z"}');
    expect(canonicalJson([1.0, -0, 1e21, 1.5e-7, 0.1 + 0.2, NaN])).toBe('[1,0,1e+21,1.5e-7,0.30000000000000004,null]');
    expect(canonicalJson({ 'é"\n': 'a\u2028b' })).toBe(JSON.stringify({ 'é"\n': 'a\u2028b' }));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+FB33 sorts after U+1F600 by UTF-16 code units (0xFB33 > 0xD83D), before it by code points.
    expect(canonicalJson({ '10': 0, '9': 0, b: 0, B: 0, '\uFB33': 0, '\u{1F600}': 0, '€': 0 })).toBe(
      '{"10":0,"9":0,"B":0,"b":0,"€":0,"\u{1F600}":0,"\uFB33":0}',
    );
  });

  it('is the same for any key order and survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('eventHash and chainHashes', () => {
  it('hashes the previous hash, stream id, version, type, data and metadata without the hash, in canonical JSON', () => {
    const event: ChainedContent = { streamId: 's-1', version: 3, type: 'T', data: { b: 2, a: 1 }, metadata: { ...meta(), hash: 'ignored' } };
    const expected = createHash('sha256')
      .update('["prev","s-1",3,"T",{"a":1,"b":2},{"actor":"unit","causationId":"cause","command":"Test","correlationId":"corr","schemaVersion":1}]')
      .digest('hex');
    expect(eventHash('prev', event)).toBe(expected);
    expect(eventHash('prev', event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with every hashed field', () => {
    const base: ChainedContent = { streamId: 's', version: 0, type: 'T', data: { a: 1 }, metadata: meta() };
    const hash = eventHash(GENESIS_HASH, base);
    expect(eventHash('x', base)).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base, streamId: 's2' })).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base, version: 1 })).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base, type: 'U' })).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base, data: { a: 2 } })).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base, metadata: meta({ actor: 'other' }) })).not.toBe(hash);
  });

  it('chains each event to the one before, from the given version and previous hash, replacing a hash passed in', () => {
    const events = [newEvent('A', { n: 1 }), { ...newEvent('B'), metadata: { ...meta(), hash: 'forged' } }];
    const chained = chainHashes('s', 'head', 5, events);
    expect(chained[0].metadata.hash).toBe(eventHash('head', { streamId: 's', version: 5, ...events[0] }));
    expect(chained[1].metadata.hash).toBe(eventHash(chained[0].metadata.hash!, { streamId: 's', version: 6, ...events[1] }));
    expect(chained[1].metadata.hash).not.toBe('forged');
    expect(events[0].metadata.hash).toBeUndefined();
    expect(chained.map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('gives one append of many events the same hashes as many appends of one', () => {
    const events = [newEvent('A'), newEvent('B'), newEvent('C')];
    const once = chainHashes('s', GENESIS_HASH, 0, events);
    let previous = GENESIS_HASH;
    const oneByOne = events.map((e, i) => {
      const [chained] = chainHashes('s', previous, i, [e]);
      previous = chained.metadata.hash!;
      return chained;
    });
    expect(oneByOne.map((e) => e.metadata.hash)).toEqual(once.map((e) => e.metadata.hash));
  });
});

describe('verifyChain', () => {
  const events = () => stored('order-1', [newEvent('A', { n: 1 }), newEvent('B', { n: 2 }), newEvent('C', { n: 3 }), newEvent('D', { n: 4 })]);

  it('finds nothing in an untouched stream, and nothing in an empty one', () => {
    expect(verifyChain(events())).toEqual([]);
    expect(verifyChain(events(), { streamId: 'order-1', version: 3 })).toEqual([]);
    expect(verifyChain([])).toEqual([]);
  });

  it('reports an edited payload, type or metadata as changed at that version', () => {
    for (const edit of [
      (e: ChainedContent) => (e.data = { n: 20 }),
      (e: ChainedContent) => (e.type = 'Other'),
      (e: ChainedContent) => (e.metadata = { ...e.metadata, actor: 'mallory' }),
    ]) {
      const stream = events();
      edit(stream[1]);
      expect(verifyChain(stream)).toEqual([expect.objectContaining({ streamId: 'order-1', version: 1, kind: 'changed' })]);
    }
  });

  it('reports an event rewritten with a fresh hash at the event after it', () => {
    const stream = events();
    stream[1].data = { n: 20 };
    stream[1].metadata = { ...stream[1].metadata, hash: eventHash(stream[0].metadata.hash!, stream[1]) };
    expect(verifyChain(stream)).toEqual([expect.objectContaining({ version: 2, kind: 'changed' })]);
  });

  it('reports a deleted middle event as missing, and the event after it as a broken link', () => {
    const stream = events();
    stream.splice(1, 1);
    expect(verifyChain(stream)).toEqual([
      expect.objectContaining({ streamId: 'order-1', version: 1, lastVersion: 1, kind: 'missing' }),
      expect.objectContaining({ streamId: 'order-1', version: 2, kind: 'broken-link' }),
    ]);
  });

  it('reports deleted first events as missing', () => {
    const stream = events().slice(2);
    expect(verifyChain(stream)).toEqual([
      expect.objectContaining({ version: 0, lastVersion: 1, kind: 'missing' }),
      expect.objectContaining({ version: 2, kind: 'broken-link' }),
    ]);
  });

  it('reports a removed last event only against the version the store records for the stream', () => {
    const stream = events().slice(0, 3);
    expect(verifyChain(stream)).toEqual([]);
    expect(verifyChain(stream, { streamId: 'order-1', version: 3 })).toEqual([
      expect.objectContaining({ streamId: 'order-1', version: 3, lastVersion: 3, kind: 'missing' }),
    ]);
    expect(verifyChain([], { streamId: 'order-1', version: 3 })).toEqual([expect.objectContaining({ version: 0, lastVersion: 3, kind: 'missing' })]);
  });

  it('reports events without a hash as unhashed, and chains the next one to the genesis hash', () => {
    const legacy: ChainedContent[] = [0, 1].map((version) => ({ streamId: 's', version, type: 'Old', data: {}, metadata: meta() }));
    const [next] = chainHashes('s', GENESIS_HASH, 2, [newEvent('New')]);
    const stream = [...legacy, { streamId: 's', version: 2, type: next.type, data: next.data, metadata: next.metadata }];
    expect(verifyChain(stream)).toEqual([
      expect.objectContaining({ version: 0, kind: 'unhashed', message: 'no hash: appended before hashing' }),
      expect.objectContaining({ version: 1, kind: 'unhashed' }),
    ]);
  });

  it('reports a removed hash as unhashed and the event after it as changed', () => {
    const stream = events();
    const { hash: _gone, ...rest } = stream[1].metadata;
    stream[1].metadata = rest as EventMetadata;
    expect(verifyChain(stream)).toEqual([
      expect.objectContaining({ version: 1, kind: 'unhashed', message: expect.stringContaining('after hashed events') }),
      expect.objectContaining({ version: 2, kind: 'changed' }),
    ]);
  });

  it('reports versions out of order', () => {
    const stream = events();
    [stream[1], stream[2]] = [stream[2], stream[1]];
    expect(verifyChain(stream).map((f) => [f.version, f.kind])).toEqual([
      [1, 'missing'],
      [2, 'broken-link'],
      [1, 'changed'],
    ]);
  });

  it('checks one stream only', () => {
    expect(() => verifyChain([...events(), ...stored('order-2', [newEvent('A')])])).toThrow(/one stream/);
  });

  it('accepts stored events as they come from a store', () => {
    const withEnvelope: StoredEvent[] = events().map((e, i) => ({ ...e, id: `id-${i}`, position: `p${i}`, occurredAt: new Date().toISOString() }));
    expect(verifyChain(withEnvelope)).toEqual([]);
  });
});
