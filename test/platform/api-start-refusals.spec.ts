import { spawn } from 'node:child_process';
import path from 'node:path';

/** `npm start` as a user runs it, with a configuration that must not serve: it stops at once, saying why. */
describe('the api refuses to start', () => {
  const root = path.resolve(__dirname, '../..');

  function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: '/nonexistent/never-used', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
  }

  // One start for both rules (a config error lists every problem): each start compiles the whole app.
  it('in production without API_KEYS, and in development mode on a non-loopback HOST', async () => {
    const { code, output } = await start({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(code).toBe(1);
    expect(output).toContain('Ledgerline failed to start: Invalid configuration');
    expect(output).toContain('API_KEYS is required with NODE_ENV=production');
    expect(output).toContain('HOST=0.0.0.0 needs API_KEYS');
    expect(output).not.toMatch(/\n\s+at /); // one clear message, no stack
  }, 60_000);
});
