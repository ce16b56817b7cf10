import { z } from 'zod';
import { InvalidCursorError } from './errors';

/** The values of the sort columns of the last row of a page, the row's id last as tiebreak. */
export type SortKey = Array<string | number>;

const CursorSchema = z.strictObject({
  /** Which listing and sort the cursor belongs to, so it cannot be replayed against another. */
  s: z.string(),
  k: z.array(z.union([z.string(), z.number()])).min(1).max(8),
});

/** Cursors are opaque base64url JSON: clients pass them back, never build them. */
export function encodeCursor(sort: string, key: SortKey): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url');
}

/** Decodes a cursor of `sort` whose key has the given column types; throws InvalidCursorError. */
export function decodeCursor(cursor: string, sort: string, types: ReadonlyArray<'string' | 'number'>): SortKey {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = CursorSchema.safeParse(value);
  if (!parsed.success || parsed.data.s !== sort || parsed.data.k.length !== types.length) {
    throw new InvalidCursorError();
  }
  const key = parsed.data.k;
  if (!key.every((v, i) => typeof v === types[i])) throw new InvalidCursorError();
  return key;
}
