import path from 'node:path';
import { scriptWords, startCommand } from './start-command';

describe('the start command', () => {
  it('splits a script into words, quotes kept whole', () => {
    expect(scriptWords(`ts-node --transpile-only -r tsconfig-paths/register apps/api/src/main.ts`)).toEqual(['ts-node', '--transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts']);
    expect(scriptWords(`node -e "a b" 'c d'`)).toEqual(['node', '-e', 'a b', 'c d']);
  });

  it('refuses shell syntax, which would hide which process is the app', () => {
    for (const script of ['npm run build && node dist/main.js', 'node main.js | tee log', 'PORT=$PORT node main.js']) expect(() => scriptWords(script)).toThrow(/shell syntax/);
  });

  it("runs this checkout's start script with this Node and ts-node's own script, in the checkout", () => {
    const root = path.resolve(__dirname, '../../..');
    const command = startCommand(root, '/usr/bin/node-under-test');
    expect(command.command).toBe('/usr/bin/node-under-test');
    expect(command.args[0]).toMatch(/ts-node[/\\]dist[/\\]bin\.js$/);
    expect(command.args.slice(1)).toEqual(scriptWords(command.script).slice(1));
    expect(command.cwd).toBe(root);
  });
});
