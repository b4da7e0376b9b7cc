import { loadConfig } from './app-config';
import { DEV_MODE_HOST, isLoopback, listenHost } from './listen-address';

describe('the listen address', () => {
  const serving = (env: NodeJS.ProcessEnv) => listenHost(loadConfig(env, { servesHttp: true }));

  it('is loopback in development mode (no API_KEYS) unless HOST names another loopback address', () => {
    expect(DEV_MODE_HOST).toBe('127.0.0.1');
    expect(serving({})).toBe('127.0.0.1');
    expect(serving({ HOST: '::1' })).toBe('::1');
  });

  it('is every interface with keys and no HOST, as before; HOST when set', () => {
    expect(serving({ API_KEYS: 'k:admin' })).toBeUndefined();
    expect(serving({ API_KEYS: 'k:admin', HOST: '10.0.0.5' })).toBe('10.0.0.5');
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', 'LOCALHOST']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '128.0.0.1', '10.0.0.1', '::2', 'localhost.example.com', 'my-box']) expect(isLoopback(host)).toBe(false);
  });
});
