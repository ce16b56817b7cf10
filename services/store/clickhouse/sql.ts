/**
 * Builds ClickHouse SQL with values inlined as escaped literals.
 *
 * Debian's ClickHouse 18.16 has no server-side query parameters ({name:Type} came in 19.x,
 * and @clickhouse/client's query_params fail there with "Unknown setting param_x"), so every
 * value is escaped here. The output uses only syntax that 18.16 and current servers parse the
 * same way: see deploy/README.md.
 *
 *   const q = sql`SELECT count() FROM ${ident('db', 'events')} WHERE user = ${userId}`;
 *   await client.query({ query: q.text, format: 'JSONEachRow' });
 */

/** SQL text that is safe to embed. Not exported as a class, so only `sql` and `ident` make one. */
class Sql {
  constructor(readonly text: string) {}
}
export type { Sql };

export type SqlValue = string | number | bigint | boolean | null | Date | Sql | readonly SqlValue[];

/** Tagged template: each `${value}` becomes a literal (see `literal`), a `Sql` is embedded as is. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  let text = strings[0];
  values.forEach((value, i) => {
    text += literal(value) + strings[i + 1];
  });
  return new Sql(text);
}

// Plain names only: backquotes alone would still let a name smuggle in a backquote or backslash.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A table or column name, backquoted; several parts give `db`.`table`. */
export function ident(...parts: string[]): Sql {
  if (parts.length === 0) throw new TypeError('ident() needs at least one name');
  for (const part of parts) {
    if (!IDENTIFIER.test(part)) throw new TypeError(`not a plain identifier: ${JSON.stringify(part)}`);
  }
  return new Sql(parts.map((part) => '`' + part + '`').join('.'));
}

/** Items separated by commas, each a literal or a fragment embedded as it is: `IN (${list(xs)})`. */
export function list(items: readonly SqlValue[]): Sql {
  return new Sql(items.map(literal).join(', '));
}

/** `WHERE` and the conditions given joined by AND, skipping undefined ones; empty when none is left. */
export function where(conditions: ReadonlyArray<Sql | undefined>): Sql {
  const present = conditions.filter((c): c is Sql => c !== undefined);
  return new Sql(present.length ? `WHERE ${present.map((c) => `(${c.text})`).join(' AND ')}` : '');
}

/** The condition on an optional filter, or undefined when the filter is absent (for `where`). */
export function when<T>(value: T | undefined, condition: (value: T) => Sql): Sql | undefined {
  return value === undefined ? undefined : condition(value);
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * One value as ClickHouse literal text:
 * - string: single-quoted; backslash, quote and every ASCII control char escaped
 * - number: finite, not subnormal; safe integers as integers, anything else as a Float64 literal
 * - bigint: Int64..UInt64 range; the way to pass an exact 64-bit integer
 * - boolean: 1 / 0 (18.16 has no Bool type)
 * - null: NULL
 * - Date: epoch milliseconds, an integer; 18.16 has no DateTime64, so times are stored as
 *   Int64 ms (use toDateTime(intDiv(x, 1000)) in SQL where a DateTime is needed)
 * - array: [a, b, ...]
 * Negative numbers are parenthesized: `1-${-1}` must not become the comment `1--1`.
 */
export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (value instanceof Sql) return value.text;
  if (Array.isArray(value)) return '[' + value.map(literal).join(', ') + ']';
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RangeError('invalid Date');
    return numberLiteral(ms);
  }
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      return numberLiteral(value);
    case 'bigint':
      if (value < INT64_MIN || value > UINT64_MAX) throw new RangeError(`${value} is outside Int64..UInt64`);
      return value < 0n ? `(${value})` : String(value);
    case 'boolean':
      return value ? '1' : '0';
    default:
      throw new TypeError(`cannot be a SQL literal: ${typeof value}`);
  }
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // ClickHouse's SQL parser rejects subnormal literals (18.16 and up to late 2025: issue 78903).
  if (value !== 0 && Math.abs(value) < 2.2250738585072014e-308) throw new RangeError(`subnormal: ${value}`);
  // Both give the shortest text that reads back as the same double. Past 2^53, String() may
  // print 20 plain digits, which a server could read as an integer type: force an exponent.
  const text = Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential() : String(value);
  return value < 0 ? `(${text})` : text;
}

// The escapes both 18.16 and current servers decode; other control chars go as \xHH.
const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const NEEDS_ESCAPE = /[\\'\x00-\x1f\x7f]/g;
const LONE_SURROGATE = /\p{Cs}/u;

function stringLiteral(value: string): string {
  // A lone surrogate has no UTF-8 form: it would reach the server as U+FFFD, silently changed.
  if (LONE_SURROGATE.test(value)) throw new RangeError('string holds a lone UTF-16 surrogate');
  const escaped = value.replace(
    NEEDS_ESCAPE,
    (c) => NAMED_ESCAPES[c] ?? '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'),
  );
  return `'${escaped}'`;
}
