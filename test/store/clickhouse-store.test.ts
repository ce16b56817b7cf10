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
import type { KeyLinkFeatures } from '../../schemas/links';
import { makeAlert, makeEvent, outputOf, T0 } from '../support/fixtures';
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
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
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
    const written = Promise.all([store.writeEncodedEvents([store.encodeEvents(events)]), store.writeEncodedEvents([store.encodeEvents(events)])]);
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
    const written = store.writeEncodedEvents([store.encodeEvents([event(1)])]);
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

describe('ClickHouseStore for the cluster-linking job', () => {
  const HOUR = 3600_000;
  const H = Math.floor(T0 / HOUR) * HOUR;
  const features = (api_key_id: string, requests: number, last_ts: number): KeyLinkFeatures => ({
    api_key_id,
    account_id: `acct-${api_key_id}`,
    first_ts: H - 10 * HOUR,
    last_ts,
    requests,
    prompts: requests,
    elicited: 0,
    follow_ups: 0,
    completion_tokens: 100 * requests,
    ips: [1],
    ip_prefixes: [2],
    user_agents: [3],
    system_prompts: [],
    templates: [4],
    wording: [5, 6],
    items: [7, 8],
    areas: 3,
    active_hours: [Math.floor(last_ts / HOUR)],
  });

  it('reads each key as an hour closed: its latest snapshot up to that hour, of keys active since a time', async () => {
    const store = await emptyStore();
    await store.writeOutput(
      outputOf({
        links: [
          { hour: H - 50 * HOUR, features: features('old', 5, H - 50 * HOUR + 10) },
          { hour: H, features: features('a', 10, H + 10) },
          { hour: H, features: features('b', 3, H + 20) },
          { hour: H + HOUR, features: features('a', 30, H + HOUR + 10) },
        ],
      }),
    );
    // A rewritten batch, and a later one of the same hour: the snapshot with most requests counts.
    await store.writeOutput(outputOf({ links: [{ hour: H, features: features('a', 10, H + 10) }, { hour: H, features: features('a', 20, H + 50) }] }));
    expect(await store.keyLinks.hours(H - 60 * HOUR, H + HOUR)).toEqual([H - 50 * HOUR, H, H + HOUR]);
    expect(await store.keyLinks.hours(H, H + HOUR)).toEqual([H + HOUR]);
    expect(await store.keyLinks.asOf(H, H - 48 * HOUR)).toEqual([features('a', 20, H + 50), features('b', 3, H + 20)]);
    expect((await store.keyLinks.asOf(H + HOUR, H + 15)).map((k) => [k.api_key_id, k.requests])).toEqual([['a', 30], ['b', 3]]);
    expect((await store.keyLinks.asOf(H + HOUR, H + 25)).map((k) => k.api_key_id)).toEqual(['a']);
    await store.close();
  });

  it('points key alerts to the oldest cluster alert that lists their key and was open with them', async () => {
    const store = await emptyStore();
    const cluster = (alert_id: string, detected_at: number, members: string[], ended_at: number | null = null) =>
      makeAlert({
        alert_id,
        kind: 'cluster',
        api_key_id: members[0],
        related_api_key_ids: members,
        detected_at,
        ended_at,
        signals: [{ detector: 'cluster', score: 0.8, summary: 'linked keys', evidence: {} }],
      });
    await store.writeOutput(
      outputOf({
        alerts: [
          cluster('c-old', T0 - 5 * HOUR, ['k1', 'k2']),
          cluster('c-new', T0 - HOUR, ['k1', 'k3']),
          cluster('c-ended', T0 - 20 * HOUR, ['k4'], T0 - 10 * HOUR),
          cluster('c-left', T0 - 6 * HOUR, ['k5', 'k6']),
          makeAlert({ alert_id: 'a1', api_key_id: 'k1' }),
          makeAlert({ alert_id: 'a3', api_key_id: 'k3' }),
          makeAlert({ alert_id: 'a4', api_key_id: 'k4' }),
          makeAlert({ alert_id: 'a5', api_key_id: 'k5' }),
          makeAlert({ alert_id: 'a7', api_key_id: 'k7' }),
        ],
      }),
    );
    // k5 left its cluster: the latest version of the cluster alert no longer lists it.
    await store.writeOutput(outputOf({ alerts: [cluster('c-left', T0 - 6 * HOUR, ['k6'])] }));
    const { items } = await store.listAlerts({ sort: 'detected_at:desc', limit: 100 });
    const pointers = Object.fromEntries(items.filter((a) => a.kind === 'key').map((a) => [a.alert_id, a.cluster_alert_id ?? null]));
    expect(pointers).toEqual({ a1: 'c-old', a3: 'c-new', a4: null, a5: null, a7: null });
    expect((await store.getAlert('a3')).cluster_alert_id).toBe('c-new');
    expect((await store.updateAlert('a1', { status: 'acknowledged' }, 'u')).cluster_alert_id).toBe('c-old');
    expect((await store.getAlert('c-old')).cluster_alert_id).toBeUndefined();
    await store.close();
  });
});
