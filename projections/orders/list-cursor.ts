/**
 * The keyset cursor of the order list: the last row's (drafted_at, order_id), opaque to callers
 * (base64url of JSON). drafted_at travels at microsecond precision, as PostgreSQL stores it, so no row is
 * skipped or repeated at a page boundary.
 */
export interface ListCursor {
  draftedAt: string;
  orderId: string;
}

export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this list returned');
    this.name = 'InvalidCursorError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const isUuid = (text: string): boolean => UUID.test(text);

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.draftedAt, cursor.orderId])).toString('base64url');
}

export function decodeCursor(text: string): ListCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [draftedAt, orderId] = parsed as unknown[];
  if (typeof draftedAt !== 'string' || !INSTANT.test(draftedAt) || typeof orderId !== 'string' || !isUuid(orderId)) throw new InvalidCursorError();
  return { draftedAt, orderId };
}
