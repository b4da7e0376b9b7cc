import { spawn } from 'node:child_process';
import { ROOT, tsChildArgs } from './ts-child';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- <args>` as a child process, with `env` over ours (an undefined value unsets a variable).
 * By default node runs the CLI directly, which is what npm runs minus its banner; `via: 'npm'` goes through
 * `npm run -s cli --`, the documented way.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, via: 'node' | 'npm' = 'node'): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = via === 'npm' ? ['npm', ['run', '-s', 'cli', '--', ...args]] : [process.execPath, tsChildArgs('apps/cli/src/main.ts', ...args)];
    const child = spawn(command, commandArgs, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `verify --json` on a database: its exit code and its report (or why there is none). */
export async function runVerify(databaseUrl: string): Promise<CliRun & { report?: { ok: boolean } & Record<string, unknown>; problem?: string }> {
  const run = await runCli(['verify', '--json'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', CI: 'true' });
  try {
    return { ...run, report: JSON.parse(run.stdout) };
  } catch (error) {
    return { ...run, problem: `no JSON report (exit ${run.code}): ${run.stdout.slice(-800)} ${run.stderr.slice(-1500)} ${(error as Error).message}` };
  }
}
