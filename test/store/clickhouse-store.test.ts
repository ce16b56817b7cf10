import pino from 'pino';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { parseEvent } from '../../schemas/event';
import { connectClickHouse } from '../../services/store/clickhouse/connect';
import { selectRows } from '../../services/store/clickhouse/select';
import type { ClickHouseStoreOptions } from '../../services/store/clickhouse/store';
import { ClickHouseStore, openClickHouseStore } from '../../services/store/clickhouse/store';
import { sql } from '../../services/store/clickhouse/sql';
import { loadConfig } from '../../schemas/config';
import { makeAlert, makeEvent, outputOf } from '../support/fixtures';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';
import { describeStoreContract } from './store-contract';

const log = pino({ level: 'silent' });
const db = testDatabase();
afterAll(() => db.drop());

/** An empty store on the test database; the writer flushes only when asked (and at 1,000 rows). */
async function emptyStore(options: Partial<ClickHouseStoreOptions> = {}): Promise<ClickHouseStore> {
  const { client } = await connectClickHouse(CLICKHOUSE_URL, db.name);
  await db.truncate(client);
  const store = new ClickHouseStore(client, {
    storePrompts: true,
    suppressionDays: 7,
    allowlistRefreshMs: 0,
    flushRows: 1000,
    flushIntervalMs: 0,
    log,
    ...options,
  });
  return store.start();
}

describeStoreContract('clickhouse', (options) => emptyStore(options));

describe('ClickHouseStore', () => {
  it('opens from the configuration, creating and migrating the database once', async () => {
    const config = loadConfig({}, { CLICKHOUSE_URL, CLICKHOUSE_DATABASE: db.name });
    const first = await openClickHouseStore(config, { log });
    await first.close();
    const again = await connectClickHouse(CLICKHOUSE_URL, db.name);
    expect(again.applied).toEqual([]);
    const versions = await selectRows(
      again.client,
      sql`SELECT DISTINCT version FROM schema_migrations ORDER BY version`,
      z.object({ version: z.number() }),
    );
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    await again.client.close();
  });

  const event = (i: number) => {
    const r = parseEvent(
      makeEvent(i, { prompt: `What is ${i} * 7? Answer with a number.`, system_prompt: 'You are terse.', params: { logprobs: true } }),
    );
    if (!r.ok) throw new Error(r.reason);
    return r.event;
  };
  const storedEvents = async () => {
    const { client } = await connectClickHouse(CLICKHOUSE_URL, db.name);
    try {
      return await selectRows(
        client,
        sql`SELECT request_id, prompt, system_prompt, prompt_hash, template_hash, system_hash, logprobs
          FROM events FINAL ORDER BY ts`,
        z.object({
          request_id: z.string(),
          prompt: z.string().nullable(),
          system_prompt: z.string().nullable(),
          prompt_hash: z.number(),
          template_hash: z.number(),
          system_hash: z.number(),
          logprobs: z.number().nullable(),
        }),
      );
    } finally {
      await client.close();
    }
  };

  it('stores events with their fingerprints, once however often they are written', async () => {
    const store = await emptyStore();
    const events = [event(1), event(2)];
    const written = Promise.all([store.writeEvents(events), store.writeEvents(events)]);
    expect(store.backlog()).toBe(4);
    await store.flush();
    await written;
    expect(store.backlog()).toBe(0);
    await store.close();
    const rows = await storedEvents();
    expect(rows.map((r) => r.request_id)).toEqual(['req-1', 'req-2']);
    expect(rows[0]).toMatchObject({ prompt: 'What is 1 * 7? Answer with a number.', system_prompt: 'You are terse.', logprobs: 1 });
    // Two fills of one template: different prompts, the same skeleton.
    expect(rows[0].prompt_hash).not.toBe(rows[1].prompt_hash);
    expect(rows[0].template_hash).toBe(rows[1].template_hash);
    expect(rows[0].template_hash).not.toBe(0);
  });

  it('keeps only fingerprints when prompts are not stored, and stores what it holds on close', async () => {
    const store = await emptyStore({ storePrompts: false });
    const written = store.writeEvents([event(1)]);
    await store.close();
    await written;
    const [row] = await storedEvents();
    expect(row).toMatchObject({ prompt: null, system_prompt: null });
    expect(row.prompt_hash).not.toBe(0);
    expect(row.system_hash).not.toBe(0);
  });

  it('counts what its writer stores on the registry it is given', async () => {
    const registry = new Registry();
    const store = await emptyStore({ registry });
    await store.writeOutput(outputOf({ alerts: [makeAlert({ alert_id: 'a1' })] }));
    const written = await registry.getSingleMetric('distillguard_clickhouse_rows_written_total')!.get();
    expect(written.values).toEqual(expect.arrayContaining([expect.objectContaining({ labels: { table: 'alerts' }, value: 2 })]));
    await store.close();
  });
});
