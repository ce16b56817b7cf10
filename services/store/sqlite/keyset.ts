import type { SortKey } from '../cursor';
import { decodeCursor, encodeCursor } from '../cursor';

/** A listing order: columns compared as one tuple, the last one a unique id as tiebreak. */
export interface KeysetOrder {
  /** Names the listing and the order, so a cursor cannot be used with another. */
  name: string;
  columns: ReadonlyArray<{ sql: string; type: 'string' | 'number' }>;
  descending: boolean;
}

/**
 * Keyset pagination: a page starts strictly after the last row of the previous one, so rows
 * inserted meanwhile neither repeat nor shift rows that were not yet listed (offsets would).
 */
export function keysetQuery(order: KeysetOrder, cursor: string | undefined): { where?: string; params: SortKey; orderBy: string } {
  const cols = order.columns.map((c) => c.sql);
  const dir = order.descending ? 'DESC' : 'ASC';
  const orderBy = cols.map((c) => `${c} ${dir}`).join(', ');
  if (cursor === undefined) return { params: [], orderBy };
  const key = decodeCursor(
    cursor,
    order.name,
    order.columns.map((c) => c.type),
  );
  const where = `(${cols.join(', ')}) ${order.descending ? '<' : '>'} (${cols.map(() => '?').join(', ')})`;
  return { where, params: key, orderBy };
}

/** Cuts the `limit + 1` rows fetched to a page and makes the cursor of the next one. */
export function pageOf<R, T>(
  order: KeysetOrder,
  rows: R[],
  limit: number,
  keyOf: (row: R) => SortKey,
  toItem: (row: R) => T,
): { items: T[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next_cursor = rows.length > limit && last !== undefined ? encodeCursor(order.name, keyOf(last)) : null;
  return { items: page.map(toItem), next_cursor };
}
