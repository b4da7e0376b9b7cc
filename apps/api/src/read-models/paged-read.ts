import { InvalidCursorError } from '@ledgerline/projections/shared/keyset-cursor';
import { invalidQuery } from '../http/query-params';

/** A list read whose cursor the list itself decodes: a cursor it did not hand out is the caller's 400. */
export async function pagedRead<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidQuery('cursor', 'not a cursor from this list');
    throw error;
  }
}

/** `to` before `from` names no day. */
export function dateRange<T extends { from?: string; to?: string }>(q: T): T {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw invalidQuery('to', 'on or after from');
  return q;
}
