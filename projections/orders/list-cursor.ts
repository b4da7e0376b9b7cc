import { InvalidCursorError, decodeKeys } from '../shared/keyset-cursor';

/**
 * The keyset cursor of the order list: the last row's (drafted_at, order_id), opaque to callers
 * (keyset-cursor.ts writes it from the page). drafted_at travels at microsecond precision, as PostgreSQL
 * stores it, so no row is skipped or repeated at a page boundary.
 */
export interface ListCursor {
  draftedAt: string;
  orderId: string;
}

export { InvalidCursorError };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const isUuid = (text: string): boolean => UUID.test(text);

export function decodeCursor(text: string): ListCursor {
  const [draftedAt, orderId] = decodeKeys(text, 2);
  if (!INSTANT.test(draftedAt) || !isUuid(orderId)) throw new InvalidCursorError();
  return { draftedAt, orderId };
}
