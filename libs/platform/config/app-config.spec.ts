import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', EVENT_STORE: 'postgres', BASE_CURRENCY: 'EUR', apiKeys: [] });
    expect(config.DATABASE_URL).toBeUndefined();
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
