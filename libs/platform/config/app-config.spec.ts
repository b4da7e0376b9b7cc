import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', EVENT_STORE: 'postgres', BASE_CURRENCY: 'EUR', REQUEST_TIMEOUT_MS: 30000, apiKeys: [], corsOrigins: [] });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.HOST).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', EVENT_STORE: '' })).toMatchObject({ PORT: 3000, EVENT_STORE: 'postgres' });
  });

  it('parses API keys and their roles', () => {
    expect(loadConfig({ API_KEYS: 'abc:admin, def:auditor, ghi:sales+credit-override' }).apiKeys).toEqual([
      { key: 'abc', role: 'admin', permissions: [] },
      { key: 'def', role: 'auditor', permissions: [] },
      { key: 'ghi', role: 'sales', permissions: ['credit-override'] },
    ]);
  });

  it('reads labelled keys (label:key:role) next to plain ones; a labelled key may hold colons', () => {
    expect(loadConfig({ API_KEYS: 'ci-bot:abc:sales+credit-override, def:subscriber, feed:g:h:i:subscriber' }).apiKeys).toEqual([
      { label: 'ci-bot', key: 'abc', role: 'sales', permissions: ['credit-override'] },
      { key: 'def', role: 'subscriber', permissions: [] },
      { label: 'feed', key: 'g:h:i', role: 'subscriber', permissions: [] },
    ]);
  });

  it('refuses a label that is not a plain token, a repeated label or key, and never quotes the key', () => {
    for (const [API_KEYS, message] of [
      ['bad label:secret-1:admin', /label/],
      ['ops:secret-1:admin,OPS:secret-2:sales', /label "ops".*unique/],
      ['secret-1:admin,a:secret-1:sales', /same key twice/],
      ['ops::admin', /entry 1/],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ API_KEYS });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/secret-/);
    }
  });

  it('validates REQUEST_TIMEOUT_MS, HOST and CORS_ORIGINS', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000', HOST: '::', CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' })).toMatchObject({
      REQUEST_TIMEOUT_MS: 5000,
      HOST: '::',
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
    });
    for (const [env, word] of [
      [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS'],
      [{ REQUEST_TIMEOUT_MS: 'soon' }, 'REQUEST_TIMEOUT_MS'],
      [{ HOST: 'http://0.0.0.0' }, 'HOST'],
      [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
      [{ CORS_ORIGINS: 'https://app.example.com/path' }, 'CORS_ORIGINS'],
      [{ CORS_ORIGINS: 'https://*.example.com' }, 'CORS_ORIGINS'],
      [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(word);
    }
  });

  describe('for a process that serves HTTP', () => {
    const serving = (env: NodeJS.ProcessEnv) => loadConfig(env, { servesHttp: true });

    it('refuses to start in production without API_KEYS', () => {
      expect(() => serving({ NODE_ENV: 'production' })).toThrow(/API_KEYS is required with NODE_ENV=production/);
      expect(serving({ NODE_ENV: 'production', API_KEYS: 'k:admin' }).apiKeys).toHaveLength(1);
      // The projector and the cli serve nothing: production without keys is theirs to run.
      expect(loadConfig({ NODE_ENV: 'production' }).apiKeys).toEqual([]);
    });

    it('keeps development mode on loopback: a wider HOST without keys is refused', () => {
      for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'api.internal']) {
        expect(() => serving({ HOST })).toThrow(new RegExp(`HOST=${HOST.replace(/\./g, '\\.')} needs API_KEYS`));
      }
      for (const HOST of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(serving({ HOST }).HOST).toBe(HOST);
      expect(serving({ HOST: '0.0.0.0', API_KEYS: 'k:admin' }).HOST).toBe('0.0.0.0');
    });
  });

  it('refuses an unknown permission', () => {
    expect(() => loadConfig({ API_KEYS: 'abc:sales+everything' })).toThrow(/permission/);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', EVENT_STORE: 'eventstoredb', BASE_CURRENCY: 'euro', API_KEYS: 'k:root', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const word of ['PORT', 'EVENTSTORE_URL', 'BASE_CURRENCY', 'API_KEYS', 'DATABASE_URL']) expect(problems).toContain(word);
    expect(problems).not.toContain('k:root'); // a key never lands in a log
  });

  it('caps the open event streams at SSE_MAX_STREAMS, 1000 by default, and refuses a cap that is not a positive whole number', () => {
    expect(loadConfig({}).SSE_MAX_STREAMS).toBe(1000);
    expect(loadConfig({ SSE_MAX_STREAMS: '50' }).SSE_MAX_STREAMS).toBe(50);
    for (const value of ['0', '-1', '2.5', 'many']) expect(() => loadConfig({ SSE_MAX_STREAMS: value })).toThrow(/SSE_MAX_STREAMS/);
  });

  it('needs EVENTSTORE_URL only with EVENT_STORE=eventstoredb', () => {
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }).EVENT_STORE).toBe('eventstoredb');
  });
});
