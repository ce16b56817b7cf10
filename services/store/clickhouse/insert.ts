import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseError, parseError } from '@clickhouse/client';
import type { EncodedRows } from './rowbinary';
import { ident, list, sql } from './sql';
import { HttpStatusError } from './transient';

export type Row = Record<string, unknown>;

/** Rows of one insert: objects (sent as JSONEachRow) or already encoded (RowBinary). */
export type Rows = readonly Row[] | EncodedRows;

/** Inserts rows into one table; throws what `isTransient` classifies. */
export type InsertRows = (table: string, rows: Rows) => Promise<void>;

export function rowCount(rows: Rows): number {
  return isEncoded(rows) ? rows.count : rows.length;
}

export function isEncoded(rows: Rows): rows is EncodedRows {
  return !Array.isArray(rows);
}

/**
 * One INSERT: JSONEachRow for row objects, RowBinary for encoded rows. Sent through `exec` with
 * error answers returned as they are, because `insert` keeps only the body of an error: a 503 from
 * a proxy and a 400 would look alike.
 */
export function rowsInserter(client: ClickHouseClient): InsertRows {
  return async (table, rows) => {
    if (rowCount(rows) === 0) return;
    const result = await client.exec({
      query: isEncoded(rows)
        ? sql`INSERT INTO ${ident(table)} (${list(rows.columns.map((c) => ident(c)))}) FORMAT RowBinary`.text
        : sql`INSERT INTO ${ident(table)} FORMAT JSONEachRow`.text,
      values: Readable.from(isEncoded(rows) ? rows.chunks : [rows.map((r) => JSON.stringify(r)).join('\n')]),
      ignore_error_response: true,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream) chunks.push(chunk as Buffer);
    const status = result.http_status_code ?? 0;
    if (status >= 200 && status < 300 && result.response_headers['x-clickhouse-exception-code'] === undefined) return;
    const body = Buffer.concat(chunks).toString('utf8');
    throw failure(status, result.response_headers['x-clickhouse-exception-code'], body);
  };
}

/** The error an error answer stands for: the server's own (with its code), or the HTTP status. */
function failure(status: number, codeHeader: string | string[] | undefined, body: string): Error {
  const parsed = parseError(body);
  if (parsed instanceof ClickHouseError) return parsed;
  // 18.16 sends neither the header nor the "(TYPE)" that parseError looks for, only the code:
  // "Code: 60, e.displayText() = DB::Exception: Table default.nope doesn't exist., ...".
  const code = typeof codeHeader === 'string' ? codeHeader : /^Code: (\d+)/.exec(body)?.[1];
  return code === undefined ? new HttpStatusError(status, body) : new ClickHouseError({ message: body.trim(), code, type: '' });
}
