/**
 * Cuts what ts-json-schema-generator makes of an event union (`anyOf` of `{ type, data }` members, named
 * types under `definitions`) into one payload schema per event type, each carrying the definitions it
 * refers to and nothing else, so every published file stands alone.
 */
export type JsonSchema = { [keyword: string]: unknown };

export interface PayloadSchema {
  type: string;
  /** The payload (`data`) schema, without a description of its own. */
  schema: JsonSchema;
  /** Doc comments that describe it, outermost first. */
  docs: string[];
}

/** One payload schema per member of the union schema; `memberDocs` are comments the generator does not see. */
export function payloadSchemas(union: JsonSchema, memberDocs: ReadonlyMap<string, string>): PayloadSchema[] {
  const definitions = (union.definitions ?? {}) as Record<string, JsonSchema>;
  const members = (union.anyOf ?? [union]) as JsonSchema[];
  return members.map((member) => {
    const properties = (member.properties ?? {}) as Record<string, JsonSchema>;
    const type = literalOf(properties.type);
    if (!type || !properties.data) throw new Error(`Not an event ({ type: '…'; data: … }): ${JSON.stringify(member).slice(0, 200)}`);
    const memberDoc = memberDocs.get(type);
    const payload = standalone(properties.data, definitions);
    return {
      type,
      schema: payload.schema,
      docs: [memberDoc, properties.type.description as string | undefined, ...payload.docs].filter((doc): doc is string => !!doc),
    };
  });
}

/**
 * A schema with the definitions it refers to (transitively) beside it. A payload that is itself a named
 * type (`data: ProductDetails`) is inlined at the root.
 */
export function standalone(schema: JsonSchema, definitions: Record<string, JsonSchema>): { schema: JsonSchema; docs: string[] } {
  const docs: string[] = [];
  let root = schema;
  for (;;) {
    const { description, ...rest } = root;
    if (typeof description === 'string') docs.push(description);
    const name = onlyRef(rest);
    if (!name) {
      root = rest;
      break;
    }
    root = definitionOf(definitions, name);
  }
  const used = new Map<string, JsonSchema>();
  const pending = refsIn(root);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name)) continue;
    const definition = definitionOf(definitions, name);
    used.set(name, definition);
    pending.push(...refsIn(definition));
  }
  const sorted = [...used.keys()].sort();
  return { schema: sorted.length ? { ...root, definitions: Object.fromEntries(sorted.map((name) => [name, used.get(name)])) } : root, docs };
}

function literalOf(schema: JsonSchema | undefined): string | undefined {
  if (typeof schema?.const === 'string') return schema.const;
  if (Array.isArray(schema?.enum) && schema.enum.length === 1 && typeof schema.enum[0] === 'string') return schema.enum[0];
  return undefined;
}

const REF_PREFIX = '#/definitions/';

/** The definition name when the schema is nothing but a `$ref`. */
function onlyRef(schema: JsonSchema): string | undefined {
  return Object.keys(schema).length === 1 && typeof schema.$ref === 'string' ? refName(schema.$ref) : undefined;
}

function refName(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`Unexpected $ref ${ref}`);
  return decodeURIComponent(ref.slice(REF_PREFIX.length));
}

function definitionOf(definitions: Record<string, JsonSchema>, name: string): JsonSchema {
  if (!Object.hasOwn(definitions, name)) throw new Error(`$ref to a missing definition: ${name}`);
  return definitions[name];
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [refName(inner)] : refsIn(inner)));
}
