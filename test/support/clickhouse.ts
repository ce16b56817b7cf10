import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows } from '../../services/store/clickhouse/select';
import { ident, sql } from '../../services/store/clickhouse/sql';

/** The server deploy/local/up.sh starts. */
export const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';

/** A database of its own for one test file: `distillguard_test_<random>`, dropped by `drop`. */
export function testDatabase() {
  const name = `distillguard_test_${randomBytes(4).toString('hex')}`;
  const admin = createClient({ url: CLICKHOUSE_URL });
  return {
    name,
    /** Empties every table but the migration record, so a test starts from a fresh schema. */
    async truncate(client: ClickHouseClient): Promise<void> {
      const tables = await selectRows(
        client,
        sql`SELECT name FROM system.tables WHERE database = ${name} AND name != 'schema_migrations'`,
        z.object({ name: z.string() }),
      );
      for (const t of tables) await client.command({ query: sql`TRUNCATE TABLE ${ident(t.name)}`.text });
    },
    async drop(): Promise<void> {
      await admin.command({ query: sql`DROP DATABASE IF EXISTS ${ident(name)}`.text });
      await admin.close();
    },
  };
}
