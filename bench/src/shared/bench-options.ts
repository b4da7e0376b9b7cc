/** A command-line mistake: the bench prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** An option's value as a whole number of at least `min`, or the usage error that says so. */
export function wholeNumber(option: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`${option} needs a whole number of at least ${min}, got ${text ?? 'nothing'}`);
  }
  return n;
}

/** A comma-separated list of whole numbers of at least `min` (`--clients 1,16,64`), in the order given, without repeats. */
export function wholeNumbers(option: string, text: string | undefined, min: number): number[] {
  if (text === undefined || text.trim() === '') throw new UsageError(`${option} needs a comma-separated list of whole numbers, got nothing`);
  return [...new Set(text.split(',').map((part) => wholeNumber(option, part.trim(), min)))];
}

/** A directory an option names (`--out`, `--app-root`): any non-empty text. */
export function directory(option: string, text: string | undefined): string {
  if (!text) throw new UsageError(`${option} needs a directory`);
  return text;
}

/** One argument of a command line: the option's name, and its value from `--name=value` or the next argument. */
export interface CommandLineOption {
  arg: string;
  name: string;
  /** The option's value; takes the next argument when the option has no `=value`. */
  value(): string | undefined;
}

/** The arguments of a command line in order, each split into the option's name and value. */
export function* commandLine(args: readonly string[]): Generator<CommandLineOption> {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const equals = arg.indexOf('=');
    yield { arg, name: equals === -1 ? arg : arg.slice(0, equals), value: () => (equals === -1 ? args[++i] : arg.slice(equals + 1)) };
  }
}
