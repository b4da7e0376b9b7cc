import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DOCS_EVENTS_DIR, driftedEventFiles, expectedEventFiles } from './docs-events';
import { isSchemaFile } from './schema-files';

const USAGE = `Usage: npm run events:schemas [-- --check]

Writes docs/events/: one JSON Schema per event type and schema version, generated from the TypeScript
event types, index.json, and the table in README.md. Schema files nothing generates any more are removed.

  --check  write nothing; exit 1 when docs/events/ differs from the types
`;

/** `events:schemas`: regenerates the published event contracts (docs/events/README.md). */
export async function eventSchemasCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option: ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  const expected = expectedEventFiles();
  const drifted = driftedEventFiles(DOCS_EVENTS_DIR, expected);
  if (args.includes('--check')) {
    if (drifted.length === 0) return 0;
    process.stderr.write(`docs/events/ differs from the event types (${drifted.join(', ')}): run npm run events:schemas\n`);
    return 1;
  }
  mkdirSync(DOCS_EVENTS_DIR, { recursive: true });
  for (const name of readdirSync(DOCS_EVENTS_DIR)) {
    if (isSchemaFile(name) && !expected.has(name)) rmSync(path.join(DOCS_EVENTS_DIR, name));
  }
  for (const [name, content] of expected) writeFileSync(path.join(DOCS_EVENTS_DIR, name), content);
  process.stdout.write(`docs/events/: ${expected.size} files, ${drifted.length} changed${drifted.length ? ` (${drifted.join(', ')})` : ''}\n`);
  return 0;
}
