import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { migrate } from './migrate';
import { ident, sql } from './sql';

export interface Connected {
  client: ClickHouseClient;
  /** Migrations applied by this call (none when the schema was up to date). */
  applied: string[];
}

/**
 * Creates the database if needed, then a client bound to it, with the schema migrated. The first
 * client has no database: one that names a missing database fails every request.
 */
export async function connectClickHouse(url: string, database: string, requestTimeoutMs?: number): Promise<Connected> {
  const admin = createClient({ url });
  try {
    await admin.command({ query: sql`CREATE DATABASE IF NOT EXISTS ${ident(database)}`.text });
  } finally {
    await admin.close();
  }
  const client = createStoreClient(url, database, requestTimeoutMs);
  try {
    return { client, applied: await migrate(client) };
  } catch (err) {
    await client.close();
    throw err;
  }
}

/** A client bound to `database`. Its own console logging is off: callers log failures with context. */
export function createStoreClient(url: string, database: string, requestTimeoutMs?: number): ClickHouseClient {
  return createClient({ url, database, request_timeout: requestTimeoutMs, log: { level: ClickHouseLogLevel.OFF } });
}
