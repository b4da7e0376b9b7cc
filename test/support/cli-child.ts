import { spawn } from 'node:child_process';
import { ROOT, tsChildArgs } from './ts-child';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- <args>` as a child process (node directly: npm adds only its banner), with `env` over ours. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tsChildArgs('apps/cli/src/main.ts', ...args), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
