import pino from 'pino';
import { z } from 'zod';
import { connectClickHouse } from '../../services/store/clickhouse/connect';
import { loadMigrations } from '../../services/store/clickhouse/migrate';
import { selectRows } from '../../services/store/clickhouse/select';
import { sql } from '../../services/store/clickhouse/sql';
import { ClickHouseStore } from '../../services/store/clickhouse/store';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';
import { eventually } from '../support/eventually';

// Migrations 006 and 007 on the real server: decisions stored under an earlier dedupe key are
// found again under the new one, so an upgrade neither enforces one twice nor blocks one for good.

const db = testDatabase();
afterAll(() => db.drop());

const decision = {
  api_key_id: 'key-1', account_id: 'acct-1', alert_id: 'a1', action: 'throttle' as const, limit_rpm: 60, limit_tpm: null,
  reason: 'r', source: 'policy' as const, rule: 'r', offence: 1, dry_run: false, created_by: 'policy', duration_ms: 60_000,
};

/** A started store on a fresh table, and a way to run a mutation to its end. */
async function withStore(run: (store: ClickHouseStore, mutated: (query: string) => Promise<void>) => Promise<void>): Promise<void> {
  const { client } = await connectClickHouse(CLICKHOUSE_URL, db.name);
  const store = new ClickHouseStore(client, {
    storePrompts: true, suppressionDays: 7, allowlistRefreshMs: 0, flushRows: 1000, flushIntervalMs: 0, log: pino({ level: 'silent' }),
  });
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
  try {
    await store.start();
    await mutated('ALTER TABLE enforcement DELETE WHERE 1');
    await run(store, mutated);
  } finally {
    await store.close();
  }
}

const migration = (version: number) => loadMigrations().filter((m) => m.version === version)[0].statements;

test('a decision stored before migration 006 is not made again after it', () =>
  withStore(async (store, mutated) => {
    expect((await store.recordDecision(decision)).outcome).toBe('created');
    // As the version before 006 stored it.
    await mutated("ALTER TABLE enforcement UPDATE dedupe_key = 'a1/throttle' WHERE alert_id IS NOT NULL");
    for (const statement of migration(6)) await mutated(statement);
    expect((await store.recordDecision(decision)).outcome).toBe('exists');
    expect((await store.listDecisions({ limit: 10 })).items).toHaveLength(1);
  }));

test('an exclusion stored before migration 007 does not block the action once the allow-list entry is gone', () =>
  withStore(async (store, mutated) => {
    expect((await store.recordDecision({ ...decision, excluded: true })).outcome).toBe('created');
    // As the version before 007 stored it: under the action's own key.
    await mutated("ALTER TABLE enforcement UPDATE dedupe_key = 'a1/key-1/throttle' WHERE alert_id IS NOT NULL");
    for (const statement of migration(7)) await mutated(statement);
    expect((await store.recordDecision({ ...decision, excluded: true })).outcome).toBe('exists');
    expect((await store.recordDecision(decision)).outcome).toBe('created');
    expect((await store.listDecisions({ limit: 10 })).items.map((d) => d.status).sort()).toEqual(['active', 'excluded']);
  }));
