import { eventSchemasCommand } from './event-schemas-command';

/** `npm run events:schemas`: its own entry, so the rest of the CLI never loads the TypeScript compiler. */
eventSchemasCommand(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
