import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { rowsInserter } from './insert';
import { selectRows } from './select';
import { ident, sql } from './sql';

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

// tsc does not copy .sql files into dist/, so they are read from the source tree, found by
// walking up from this module (which works from source and from dist/ alike).
function migrationsDir(from: string): string {
  const dir = join(from, 'services', 'store', 'clickhouse', 'migrations');
  if (existsSync(dir)) return dir;
  if (dirname(from) === from) throw new Error('ClickHouse migrations not found');
  return migrationsDir(dirname(from));
}

/** The numbered files of `migrations/`, in order; each holds statements ended by `;`. */
export function loadMigrations(dir = migrationsDir(__dirname)): Migration[] {
  return readdirSync(dir)
    .filter((name) => FILE.test(name))
    .sort()
    .map((name) => ({
      version: Number(FILE.exec(name)![1]),
      name,
      // The HTTP interface takes one statement per request; ours hold no `;` but their ends.
      statements: readFileSync(join(dir, name), 'utf8')
        .split(/;\s*$/m)
        .map((s) => s.trim())
        .filter((s) => s.replace(/^--.*$/gm, '').trim() !== ''),
    }));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order. Every statement is
 * `IF NOT EXISTS`, so two instances starting at once may both apply one without harm; the table
 * replaces the duplicate record.
 */
export async function migrate(client: ClickHouseClient, migrations = loadMigrations()): Promise<string[]> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at Int64)
      ENGINE = ReplacingMergeTree() ORDER BY version`,
  });
  const done = new Set(
    (await selectRows(client, sql`SELECT DISTINCT version FROM ${ident('schema_migrations')}`, z.object({ version: z.number() }))).map(
      (r) => r.version,
    ),
  );
  const insert = rowsInserter(client);
  const applied: string[] = [];
  for (const m of migrations.filter((m) => !done.has(m.version))) {
    for (const statement of m.statements) await client.command({ query: statement });
    await insert('schema_migrations', [{ version: m.version, name: m.name, applied_at: Date.now() }]);
    applied.push(m.name);
  }
  return applied;
}
