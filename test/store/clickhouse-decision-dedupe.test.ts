import pino from 'pino';
import { z } from 'zod';
import { connectClickHouse } from '../../services/store/clickhouse/connect';
import { loadMigrations } from '../../services/store/clickhouse/migrate';
import { selectRows } from '../../services/store/clickhouse/select';
import { sql } from '../../services/store/clickhouse/sql';
import { ClickHouseStore } from '../../services/store/clickhouse/store';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';
import { eventually } from '../support/eventually';

// Migration 006 on the real server: a decision stored when decisions were keyed by alert and
// action is found again under the per-key key, so an upgrade does not enforce it twice.

const db = testDatabase();
afterAll(() => db.drop());

test('a decision stored before migration 006 is not made again after it', async () => {
  const { client } = await connectClickHouse(CLICKHOUSE_URL, db.name);
  const store = new ClickHouseStore(client, {
    storePrompts: true, suppressionDays: 7, allowlistRefreshMs: 0, flushRows: 1000, flushIntervalMs: 0, log: pino({ level: 'silent' }),
  });
  const decision = {
    api_key_id: 'key-1', account_id: 'acct-1', alert_id: 'a1', action: 'throttle' as const, limit_rpm: 60, limit_tpm: null,
    reason: 'r', source: 'policy' as const, rule: 'r', offence: 1, dry_run: false, created_by: 'policy', duration_ms: 60_000,
  };
  try {
    await store.start();
    expect((await store.recordDecision(decision)).outcome).toBe('created');
    const mutated = async (query: string) => {
      await client.command({ query });
      await eventually('the mutation', async () => {
        const [{ n }] = await selectRows(
          client,
          sql`SELECT count() AS n FROM system.mutations WHERE database = ${db.name} AND is_done = 0`,
          z.object({ n: z.coerce.number() }),
        );
        return n === 0 ? true : undefined;
      });
    };
    // As the version before 006 stored it.
    await mutated("ALTER TABLE enforcement UPDATE dedupe_key = 'a1/throttle' WHERE alert_id IS NOT NULL");
    const [migration] = loadMigrations().filter((m) => m.version === 6);
    for (const statement of migration.statements) await mutated(statement);
    expect((await store.recordDecision(decision)).outcome).toBe('exists');
    expect((await store.listDecisions({ limit: 10 })).items).toHaveLength(1);
  } finally {
    await store.close();
  }
});
