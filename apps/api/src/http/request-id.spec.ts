import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { requestIdOf } from './request-id';

describe('requestIdOf', () => {
  it('gives a request one id, whoever asks first (the logger, the middleware, a command context)', () => {
    const request = new IncomingMessage(new Socket());
    const first = requestIdOf(request);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(request)).toBe(first);
    expect(requestIdOf(new IncomingMessage(new Socket()))).not.toBe(first);
  });
});
