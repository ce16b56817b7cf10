import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { Sql } from './sql';

/** Runs a SELECT and checks its rows against `row`: what comes back from the server is an edge. */
export async function selectRows<T>(client: ClickHouseClient, query: Sql, row: z.ZodType<T>): Promise<T[]> {
  const result = await client.query({ query: query.text, format: 'JSONEachRow' });
  return z.array(row).parse(await result.json());
}

/** A 64-bit integer column: JSON formats send them as strings (exact), ours fit in a double. */
export const Int64 = z.union([z.number(), z.string()]).transform(Number).pipe(z.number().int());
