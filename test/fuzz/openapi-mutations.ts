/**
 * Malformed requests derived from the served OpenAPI document: for every write route, a well-formed body
 * built from its schema, then that body broken one way at a time, by family. A new route or field joins
 * the fuzzing by being in the document.
 */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  $ref?: string;
}

export interface Operation {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: Schema;
}

export interface Mutation {
  family: string;
  /** What was changed, for the failure message. */
  what: string;
  /** The body exactly as sent (raw text), or undefined for none. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

export function writeOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const schema = op.requestBody?.content['application/json']?.schema;
      operations.push({ method: method as Operation['method'], path, ...(schema ? { body: resolve(doc, schema) } : {}) });
    }
  }
  return operations;
}

/** The schema with its $ref and allOf wrappers resolved, keeping the wrapper's own nullable flag. */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop() as string]);
  if (schema.allOf?.length === 1) return { ...resolve(doc, schema.allOf[0]), ...(schema.nullable ? { nullable: true } : {}) };
  return schema;
}

/** Values that satisfy the schema, taking ids and skus from `known` by field name. */
export function validValue(doc: OpenApiDocument, schema: Schema, field: string, known: Record<string, unknown>): unknown {
  const s = resolve(doc, schema);
  if (Object.hasOwn(known, field)) return known[field];
  if (s.enum) return s.enum[0];
  if (s.type === 'object' || s.properties) {
    const value: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      if (s.required?.includes(name) || Object.hasOwn(known, name)) value[name] = validValue(doc, property, name, known);
    }
    return value;
  }
  if (s.type === 'array') return [validValue(doc, s.items as Schema, field, known)];
  if (s.example !== undefined) return s.example;
  if (s.format === 'date') return '2026-11-23';
  if (s.type === 'integer') return s.minimum ?? 1;
  if (s.type === 'number') return 1;
  if (s.type === 'boolean') return false;
  return 'x';
}

/** Every way to break one field of this schema, as [description, value] pairs. */
function brokenValues(s: Schema): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (!s.nullable) out.push(['null', null]);
  const wrongTypes: [string, unknown][] = [
    ['a string', 'x'],
    ['a number', 7],
    ['true', true],
    ['an array', []],
    ['an object', {}],
  ];
  const type = s.enum ? 'string' : s.type === 'integer' ? 'number' : (s.type ?? (s.properties ? 'object' : 'string'));
  out.push(...wrongTypes.filter(([, v]) => (Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v) !== type));
  if (type === 'string') {
    out.push(['empty', ''], ['blank', '   '], ['NUL', 'a\u0000b'], ['a lone surrogate', 'a\ud800'], ['a lone low surrogate', '\udc00a'], ['a control character', 'a\u0007b'], ['a newline', 'a\nb']);
    out.push(['an escape sequence', '\u001b[31mred'], ['a right-to-left override', 'a\u202eb'], ['an emoji', 'a🙂b'], ['SQL', "x'; DROP TABLE es_events; --"]);
    out.push(['very long', 'x'.repeat(Math.max(s.maxLength ?? 0, 300) + 1)]);
    if (s.enum) out.push(['not in the enum', 'nope']);
    if (s.pattern || s.format) out.push(['off the pattern', '12.3.4'], ['an exponent', '1e3'], ['negative', '-1'], ['14 integer digits', '12345678901234']);
    if (s.format === 'date' || s.pattern?.includes('\\d{4}-\\d{2}')) out.push(['an impossible date', '2026-02-30'], ['year 1', '0001-01-01'], ['year 3000', '3000-01-01']);
  }
  if (type === 'number') {
    for (const n of [0, -1, 0.0005, 1e-7, 1e21, 1e308, 1_000_000_000, 1.5]) out.push([`${n}`, n]);
    if (s.maximum !== undefined) out.push(['above the maximum', s.maximum + 1]);
  }
  if (type === 'array') out.push(['[null]', [null]], ['[1]', [1]], ['too many items', Array.from({ length: (s.maxItems ?? 500) + 1 }, () => ({}))]);
  return out;
}

/** Numbers written as text, so that the JSON serialiser cannot tidy them up on the way. */
const RAW_NUMBERS = ['9007199254740993', '1e400', '1e-400', '-1e21', '1.0000000000000001', '-0', '1E-7', '0.1e1'];

/**
 * The mutations of one operation: each field broken, each required field removed, unknown fields at
 * every level, numbers beyond what a double holds, and whole-body faults.
 */
export function mutations(doc: OpenApiDocument, op: Operation, known: Record<string, unknown>): Mutation[] {
  const out: Mutation[] = [];
  const json = (family: string, what: string, body: unknown): Mutation => ({ family, what, raw: JSON.stringify(body) });
  if (!op.body) {
    out.push(json('unknown field', '{evil: true} on a command without a body', { evil: true }));
    out.push(json('wrong body', 'an array', []), json('wrong body', 'a number', 5));
  } else {
    const base = validValue(doc, op.body, '', known) as Record<string, unknown>;
    for (const { path, schema, required } of fields(doc, op.body, [])) {
      for (const [what, value] of brokenValues(schema)) out.push(json('broken field', `${path.join('.')} = ${what}`, setAt(base, path, value)));
      if (required) out.push(json('missing field', `without ${path.join('.')}`, setAt(base, path, undefined)));
      const numeric = schema.type === 'number' || schema.type === 'integer';
      if (numeric) {
        for (const digits of RAW_NUMBERS) {
          out.push({ family: 'inexact number', what: `${path.join('.')} = ${digits}`, raw: JSON.stringify(setAt(base, path, '@@N@@')).replace('"@@N@@"', digits) });
        }
      }
    }
    out.push(json('unknown field', 'unknown root field', { ...base, evil: true }));
    for (const { path, schema } of fields(doc, op.body, [])) {
      if (resolve(doc, schema).properties) out.push(json('unknown field', `unknown field in ${path.join('.')}`, setAt(base, [...path, 'evil'], 1)));
    }
    out.push(json('unknown field', '__proto__', JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(base).slice(1)}`.replace(',}', '}'))));
    out.push(json('wrong body', 'an array', [base]), json('wrong body', 'a string', 'x'), json('wrong body', 'null', null));
  }
  out.push({ family: 'malformed JSON', what: 'truncated', raw: '{"a":' });
  out.push({ family: 'malformed JSON', what: 'a duplicate key', raw: '{"a":1,"a":2}' });
  out.push({ family: 'deep nesting', what: '5,000 deep', raw: `${'['.repeat(5000)}${']'.repeat(5000)}` });
  out.push({ family: 'deep nesting', what: '5,000 deep with an Idempotency-Key', raw: `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, headers: { 'Idempotency-Key': `fuzz-deep-${op.method}-${op.path}` } });
  out.push({ family: 'headers', what: 'a malformed If-Match', raw: '{}', headers: { 'If-Match': 'yesterday' } });
  out.push({ family: 'headers', what: 'an Idempotency-Key with spaces', raw: '{}', headers: { 'Idempotency-Key': 'a key' } });
  out.push({ family: 'headers', what: 'an Idempotency-Key too long', raw: '{}', headers: { 'Idempotency-Key': 'k'.repeat(256) } });
  out.push({ family: 'media type', what: 'a form', raw: 'a=1', contentType: 'application/x-www-form-urlencoded' });
  out.push({ family: 'media type', what: 'JSON in Latin-1', raw: '{}', contentType: 'application/json; charset=latin1' });
  out.push({ family: 'media type', what: 'gzip', raw: '{}', headers: { 'Content-Encoding': 'gzip' } });
  out.push({ family: 'media type', what: 'text', raw: '{}', contentType: 'text/plain' });
  out.push({ family: 'media type', what: 'no content type', raw: '{}', contentType: '' });
  return out;
}

interface Field {
  path: (string | number)[];
  schema: Schema;
  required: boolean;
}

/** Every property of the body, nested objects and the first item of arrays included. */
function fields(doc: OpenApiDocument, schema: Schema, path: (string | number)[]): Field[] {
  const s = resolve(doc, schema);
  const out: Field[] = [];
  for (const [name, raw] of Object.entries(s.properties ?? {})) {
    const property = resolve(doc, raw);
    const here = [...path, name];
    out.push({ path: here, schema: property, required: s.required?.includes(name) ?? false });
    if (property.properties) out.push(...fields(doc, property, here));
    if (property.type === 'array' && property.items) {
      const item = resolve(doc, property.items);
      if (item.properties) out.push(...fields(doc, item, [...here, 0]));
    }
  }
  return out;
}

/** A copy of `body` with the value at `path` replaced (undefined: removed); missing parents are made. */
function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
