/**
 * An opaque keyset cursor: the last row's sort keys as base64url JSON. A list decodes it with the number
 * of keys it sorts by and checks each key's form itself.
 */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this list returned');
    this.name = 'InvalidCursorError';
  }
}

export function encodeKeys(keys: readonly string[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeKeys(text: string, count: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== count || !parsed.every((k) => typeof k === 'string' && k.length <= 1000)) throw new InvalidCursorError();
  return parsed as string[];
}

/**
 * A page from the `limit + 1` rows a list read (the one more tells whether there is a next page): the
 * first `limit` of them as items, and the cursor of the next page, the last item's sort keys (null on
 * the last page).
 */
export function keysetPage<Row, Item>(rows: readonly Row[], limit: number, item: (row: Row) => Item, keysOf: (row: Row) => readonly string[]): { items: Item[]; next: string | null } {
  const page = rows.slice(0, limit);
  return { items: page.map(item), next: rows.length > limit ? encodeKeys(keysOf(page[page.length - 1])) : null };
}

/** Conditions and their parameters of one list query, numbered as they are added. */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];
  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }
  add(condition: string): void {
    this.conditions.push(condition);
  }
  clause(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return Math.min(limit, MAX_LIMIT);
}
