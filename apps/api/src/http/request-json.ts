import { parse } from 'lossless-json';
import { MAX_JSON_DEPTH } from '@ledgerline/domain/shared/bounds';
import { DecimalMath } from '@ledgerline/domain/shared/money';
import { Problem } from './problem';

/**
 * A request body as the commands may see it, or a 400 that says what is wrong. Plain JSON.parse is not
 * enough for a ledger: it rounds numbers silently (9007199254740993 arrives as …992, 1.0000000000000001 as
 * 1), recurses without bound on deep nesting, and lets through strings PostgreSQL cannot store (NUL, lone
 * surrogates). So: decode strict UTF-8, measure the depth without recursion, parse with number texts kept,
 * then walk the (now shallow) value once.
 */
export function parseRequestJson(raw: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw malformed('The body is not valid UTF-8');
  }
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new Problem(400, 'JSON_TOO_DEEP', `The body nests ${depth > 1000 ? 'more than 1000' : depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`);
  }
  let value: unknown;
  try {
    value = parse(text, null, (digits) => new NumberText(digits));
  } catch (error) {
    throw malformed(`The body is not valid JSON: ${(error as Error).message}`);
  }
  const problems: { field: string; message: string }[] = [];
  const checked = check(value, '', problems);
  if (problems.length > 0) throw new Problem(400, 'VALIDATION_FAILED', 'The request is invalid', problems.slice(0, 50));
  return checked;
}

/** A number as the caller wrote it, until it is known to survive the trip into a JavaScript number. */
class NumberText {
  constructor(readonly digits: string) {}
}

/** Deepest nesting of arrays and objects, counted in one pass outside strings; stops counting past 1000. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > 1000) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Keys that would reach an object's prototype when a body is copied onto a class instance. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function check(value: unknown, path: string, problems: { field: string; message: string }[]): unknown {
  if (value instanceof NumberText) {
    const number = Number(value.digits);
    // Faithful when the number's own shortest text means the same decimal as what was sent.
    if (!Number.isFinite(number) || !new DecimalMath(value.digits).eq(new DecimalMath(String(number)))) {
      problems.push({ field: path, message: `${value.digits.slice(0, 40)} cannot be taken exactly: out of range or more digits than a number holds` });
    }
    return number;
  }
  if (typeof value === 'string') {
    const message = textProblem(value);
    if (message) problems.push({ field: path, message });
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => check(item, `${path}[${i}]`, problems));
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const message = FORBIDDEN_KEYS.has(key) ? 'is not an allowed field name' : textProblem(key);
      if (message) problems.push({ field, message });
      (value as Record<string, unknown>)[key] = check(item, field, problems);
    }
  }
  return value;
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return 'must not contain unpaired surrogates (invalid Unicode)';
  return undefined;
}

const malformed = (detail: string) => new Problem(400, 'MALFORMED_JSON', detail);
