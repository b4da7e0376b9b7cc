import { rebuildCommand } from './rebuild/rebuild-command';
import { verifyCommand } from './verify/verify-command';

/**
 * The Ledgerline command line: `npm run cli -- <command> [options]`. Each command returns its exit code;
 * 2 means it was called wrongly (as with most Unix tools). The benchmarks live apart, in bench/.
 */
interface Command {
  summary: string;
  run(args: readonly string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  rebuild: { summary: 'rebuild a projection (or all) beside the live one, then swap', run: rebuildCommand },
  verify: { summary: 'prove the read models, the ledger and the hash chain follow from the log (exit 0 only if all hold)', run: verifyCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun a command with --help for its options.\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (!name || !Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`${name ? `Unknown command: ${name}\n\n` : ''}${usage()}`);
    return 2;
  }
  return COMMANDS[name].run(args);
}

// exitCode rather than exit(): pending log lines and output get flushed before the process ends.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
