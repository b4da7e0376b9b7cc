import * as path from 'node:path';
import * as ts from 'typescript';
import { createGenerator } from 'ts-json-schema-generator';
import { SCHEMA_VERSIONS } from '../../../../libs/contracts/schema-versions';
import { EVENT_SOURCES, EventSource, LEGACY_EVENT_SHAPES, LegacyEventShape } from './event-sources';
import { JsonSchema, payloadSchemas, standalone } from './payload-schema';
import { unionMemberDocs } from './union-member-docs';

/** One published contract: the payload schema of one event type at one schema version. */
export interface EventSchema {
  type: string;
  version: number;
  /** false for an older version still in the log (LEGACY_EVENT_SHAPES). */
  current: boolean;
  stream: string;
  /** `file#TypeName` it was generated from. */
  source: string;
  /** File name under docs/events/. */
  file: string;
  schema: JsonSchema;
}

export interface EventSchemaInputs {
  /** The repository root (its tsconfig.json is used). */
  root: string;
  sources: readonly EventSource[];
  legacy: readonly LegacyEventShape[];
  versions: Readonly<Record<string, number>>;
}

export const DEFAULT_INPUTS: EventSchemaInputs = {
  root: path.resolve(__dirname, '../../../..'),
  sources: EVENT_SOURCES,
  legacy: LEGACY_EVENT_SHAPES,
  versions: SCHEMA_VERSIONS,
};

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export const schemaFileName = (type: string, version: number): string => `${type}.v${version}.schema.json`;

/**
 * Every event type's payload schema at its current version, and every older version still listed, read
 * from the TypeScript types by ts-json-schema-generator (one program for all files: about a second).
 */
export function generateEventSchemas(inputs: EventSchemaInputs = DEFAULT_INPUTS): EventSchema[] {
  const program = createProgram(inputs.root, [...inputs.sources.map((s) => s.file), ...inputs.legacy.map((l) => l.file)]);
  const generator = createGenerator({ tsProgram: program, skipTypeCheck: true, expose: 'export', topRef: false, jsDoc: 'extended' });
  const versionOf = (type: string) => (Object.hasOwn(inputs.versions, type) ? inputs.versions[type] : 1);

  const current = inputs.sources.flatMap((source) => {
    const docs = unionMemberDocs(sourceFile(program, inputs.root, source.file), source.union);
    return payloadSchemas(generator.createSchema(source.union) as JsonSchema, docs).map((payload) =>
      contract({ ...payload, version: versionOf(payload.type), current: true, stream: source.stream, source: `${source.file}#${source.union}` }),
    );
  });
  const streams = new Map(current.map((c) => [c.type, c.stream]));
  const legacy = inputs.legacy.map((shape) => {
    const stream = streams.get(shape.type);
    if (!stream) throw new Error(`LEGACY_EVENT_SHAPES names ${shape.type}, which no event union declares`);
    if (shape.version >= versionOf(shape.type)) throw new Error(`${shape.type} v${shape.version} is not older than its current version ${versionOf(shape.type)}`);
    const { definitions = {}, $schema: _draft, ...root } = generator.createSchema(shape.typeName) as JsonSchema;
    const payload = standalone(root, definitions as Record<string, JsonSchema>);
    return contract({ type: shape.type, ...payload, version: shape.version, current: false, stream, source: `${shape.file}#${shape.typeName}` });
  });

  const all = [...current, ...legacy];
  assertComplete(all, versionOf);
  // Catalogue order (the sources' order, docs/events.md's), older versions just before the current one.
  const order = new Map(current.map((schema, index) => [schema.type, index]));
  return all.sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0) || a.version - b.version);
}

function contract(input: { type: string; schema: JsonSchema; docs: string[]; version: number; current: boolean; stream: string; source: string }): EventSchema {
  const { type, version, current, stream, source } = input;
  const { definitions, ...body } = input.schema;
  const summary = `The \`data\` of \`${type}\` events written at \`metadata.schemaVersion\` ${version}, on stream \`${stream}\`.`;
  return {
    type,
    version,
    current,
    stream,
    source,
    file: schemaFileName(type, version),
    schema: {
      $schema: DRAFT_07,
      $id: `urn:ledgerline:event:${type}:v${version}`,
      title: `${type} v${version}`,
      description: [summary, ...input.docs].join(' '),
      ...body,
      ...(definitions ? { definitions } : {}),
    },
  };
}

/** Each type has a schema for every version from 1 to its current one, and a type comes from one union only. */
function assertComplete(all: readonly EventSchema[], versionOf: (type: string) => number): void {
  const seen = new Set<string>();
  for (const { type, version } of all) {
    if (seen.has(`${type}@${version}`)) throw new Error(`${type} v${version} is declared twice`);
    seen.add(`${type}@${version}`);
  }
  for (const type of new Set(all.map((s) => s.type))) {
    for (let version = 1; version < versionOf(type); version++) {
      if (!seen.has(`${type}@${version}`)) {
        throw new Error(`${type} is at schema version ${versionOf(type)}: list its v${version} payload type in LEGACY_EVENT_SHAPES (apps/cli/src/schemas/event-sources.ts)`);
      }
    }
  }
}

function createProgram(root: string, files: readonly string[]): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`Cannot read ${root}/tsconfig.json`);
  const rootNames = [...new Set(files)].map((file) => path.join(root, file));
  return ts.createProgram(rootNames, { ...config.options, noEmit: true });
}

function sourceFile(program: ts.Program, root: string, file: string): ts.SourceFile {
  const found = program.getSourceFile(path.join(root, file));
  if (!found) throw new Error(`${file} is not in the program`);
  return found;
}
