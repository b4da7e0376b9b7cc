import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_INPUTS, EventSchemaInputs, generateEventSchemas } from './event-schemas';
import { README_FILE, isSchemaFile, schemaFiles } from './schema-files';

/** docs/events/ on disk: what it should hold, and where it differs (one comparison for the command and the test). */
export const DOCS_EVENTS_DIR = path.join(DEFAULT_INPUTS.root, 'docs/events');

/** Every file docs/events/ should hold, generated now from the TypeScript types. */
export function expectedEventFiles(dir = DOCS_EVENTS_DIR, inputs: EventSchemaInputs = DEFAULT_INPUTS): Map<string, string> {
  const readme = path.join(dir, README_FILE);
  if (!existsSync(readme)) throw new Error(`${readme} is missing: it is hand-written around the generated table`);
  return schemaFiles(generateEventSchemas(inputs), readFileSync(readme, 'utf8'));
}

/** Files that differ from `expected`, are missing, or are schema files nothing generates any more. */
export function driftedEventFiles(dir: string, expected: ReadonlyMap<string, string>): string[] {
  const onDisk = existsSync(dir) ? readdirSync(dir) : [];
  const differing = [...expected].filter(([name, content]) => !onDisk.includes(name) || readFileSync(path.join(dir, name), 'utf8') !== content).map(([name]) => name);
  const stale = onDisk.filter((name) => isSchemaFile(name) && !expected.has(name));
  return [...differing, ...stale].sort();
}
