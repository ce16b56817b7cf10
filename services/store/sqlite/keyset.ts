import type { Database } from 'better-sqlite3';
import type { SortKey } from '../cursor';
import type { KeysetOrder } from '../keyset';
import { cursorKey, pageOf } from '../keyset';
import type { Page } from '../types';
import type { Where } from './where';

/** SQLite's ORDER BY, and the WHERE that starts a page after the cursor's row. */
export function keysetQuery<R>(order: KeysetOrder<R>, cursor: string | undefined): { where?: string; params: SortKey; orderBy: string } {
  const cols = order.columns.map((c) => c.name);
  const dir = order.descending ? 'DESC' : 'ASC';
  const orderBy = cols.map((c) => `${c} ${dir}`).join(', ');
  const key = cursorKey(order, cursor);
  if (key === undefined) return { params: [], orderBy };
  const where = `(${cols.join(', ')}) ${order.descending ? '<' : '>'} (${cols.map(() => '?').join(', ')})`;
  return { where, params: key, orderBy };
}

/** One page of `table` in `order`, after the cursor, of the rows `where` selects. */
export function selectPage<R, T>(
  db: Database,
  table: string,
  order: KeysetOrder<R>,
  where: Where,
  q: { limit: number; cursor?: string },
  toItem: (row: R) => T,
): Page<T> {
  const keyset = keysetQuery(order, q.cursor);
  if (keyset.where) where.add(keyset.where, ...keyset.params);
  const rows = db.prepare<unknown[], R>(`SELECT * FROM ${table} ${where} ORDER BY ${keyset.orderBy} LIMIT ?`).all(...where.params, q.limit + 1);
  return pageOf(order, rows, q.limit, toItem);
}
