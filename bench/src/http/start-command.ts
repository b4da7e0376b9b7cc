import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** How to run the app the way `npm start` does, without npm in between (the measured pid is the app's). */
export interface StartCommand {
  /** The `start` script as package.json has it. */
  script: string;
  command: string;
  args: string[];
  cwd: string;
}

/**
 * The words of an npm script: split on blanks, with '…' and "…" kept whole. A script using shell syntax
 * (pipes, `&&`, variables) is refused: the bench could not tell which process is the app.
 */
export function scriptWords(script: string): string[] {
  if (/[|&;<>$`()]/.test(script.replace(/'[^']*'|"[^"]*"/g, ''))) throw new Error(`the start script uses shell syntax, which the bench cannot run as one process: ${script}`);
  const words = script.match(/'[^']*'|"[^"]*"|[^\s]+/g) ?? [];
  return words.map((w) => (/^(['"]).*\1$/.test(w) ? w.slice(1, -1) : w));
}

/**
 * The `start` script of `<appRoot>/package.json` as a command: its program from the checkout's
 * `node_modules/.bin` (as npm resolves it), run by this Node when it is a JavaScript file, in `appRoot`.
 */
export function startCommand(appRoot: string, nodePath = process.execPath): StartCommand {
  const pkg = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start;
  if (!script) throw new Error(`${appRoot}/package.json has no start script`);
  const [program, ...rest] = scriptWords(script);
  if (program === 'node') return { script, command: nodePath, args: rest, cwd: appRoot };
  const bin = path.join(appRoot, 'node_modules', '.bin', program);
  if (!existsSync(bin)) throw new Error(`${program} (the start script's program) is not in ${path.dirname(bin)}: is the checkout installed?`);
  const target = realpathSync(bin);
  const javascript = /\.[cm]?js$/.test(target) || readFileSync(target, 'utf8').slice(0, 64).startsWith('#!/usr/bin/env node');
  return javascript ? { script, command: nodePath, args: [target, ...rest], cwd: appRoot } : { script, command: target, args: rest, cwd: appRoot };
}
