import path from 'node:path';

/** The checkout's root: the working directory of the processes tests start. */
export const ROOT = path.resolve(__dirname, '../..');

/**
 * Node's arguments to run a TypeScript file of the checkout as a process of its own: ts-node
 * (transpile-only) with the path aliases, and the transpile cache that spares a process started again the
 * seconds of transpiling (ts-compile-cache.js).
 */
export const TS_NODE_ARGS: readonly string[] = ['-r', 'ts-node/register/transpile-only', '-r', path.join(ROOT, 'test/support/ts-compile-cache.js'), '-r', 'tsconfig-paths/register'];

export function tsChildArgs(file: string, ...args: string[]): string[] {
  return [...TS_NODE_ARGS, file, ...args];
}
