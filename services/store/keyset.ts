import type { SortKey } from './cursor';
import { decodeCursor, encodeCursor } from './cursor';

/**
 * A listing order for keyset pagination: columns compared as one tuple, the last one a unique id
 * as tiebreak. A page starts strictly after the last row of the previous one, so rows inserted
 * meanwhile neither repeat nor shift rows that were not yet listed (offsets would).
 */
export interface KeysetOrder<R> {
  /** Names the listing and the order, so a cursor cannot be used with another. */
  name: string;
  columns: ReadonlyArray<SortColumn<R>>;
  descending: boolean;
}

/** A string or number column of rows `R`, with its type as cursors check it. */
type SortColumn<R> = {
  [K in keyof R & string]: R[K] extends string
    ? { name: K; type: 'string' }
    : R[K] extends number
      ? { name: K; type: 'number' }
      : never;
}[keyof R & string];

/** The sort key a page starts after, or undefined for the first page; throws InvalidCursorError. */
export function cursorKey<R>(order: KeysetOrder<R>, cursor: string | undefined): SortKey | undefined {
  return cursor === undefined
    ? undefined
    : decodeCursor(
        cursor,
        order.name,
        order.columns.map((c) => c.type),
      );
}

/** Cuts the `limit + 1` rows fetched to a page and makes the cursor of the next one. */
export function pageOf<R, T>(
  order: KeysetOrder<R>,
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
): { items: T[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next_cursor = rows.length > limit && last !== undefined ? encodeCursor(order.name, sortKey(order, last)) : null;
  return { items: page.map(toItem), next_cursor };
}

function sortKey<R>(order: KeysetOrder<R>, row: R): SortKey {
  return order.columns.map((c) => row[c.name] as string | number);
}
