import type { KeysetOrder } from '../keyset';
import { cursorKey } from '../keyset';
import type { Sql } from './sql';
import { ident, list, sql } from './sql';

/** ClickHouse's ORDER BY, and the condition that starts a page after the cursor's row. */
export function keysetSql<R>(order: KeysetOrder<R>, cursor: string | undefined): { after: Sql | undefined; orderBy: Sql } {
  const cols = list(order.columns.map((c) => ident(c.name)));
  const dir = order.descending ? sql`DESC` : sql`ASC`;
  const orderBy = list(order.columns.map((c) => sql`${ident(c.name)} ${dir}`));
  const key = cursorKey(order, cursor);
  if (key === undefined) return { after: undefined, orderBy };
  return { after: order.descending ? sql`(${cols}) < (${list(key)})` : sql`(${cols}) > (${list(key)})`, orderBy };
}
