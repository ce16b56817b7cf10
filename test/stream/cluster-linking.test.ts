import { createClient } from '@clickhouse/client';
import { Registry } from 'prom-client';
import { z } from 'zod';
import type { Alert } from '../../schemas/alert';
import type { Config } from '../../schemas/config';
import { loadConfig } from '../../schemas/config';
import type { ScaleOut } from '../../services/cli/scale-out';
import { clusterLinking, openScaleOut } from '../../services/cli/scale-out';
import type { Actions } from '../../services/jobs/runtime';
import { startActions } from '../../services/jobs/runtime';
import { ClusterLinkingJob } from '../../services/linking/job';
import { finishedHour, readProgress } from '../../services/linking/progress';
import { LinkingStateStore } from '../../services/linking/state';
import { selectRows } from '../../services/store/clickhouse/select';
import { sql } from '../../services/store/clickhouse/sql';
import type { StreamConsumer } from '../../services/stream/consumer';
import { PartitionStateStore } from '../../services/stream/state-store';
import { simulate } from '../../services/simulate';
import type { StreamFixture } from './support';
import { CLICKHOUSE_URL, quietLog, replayAlerts, stopAfterAll, streamFixture, testConsumer, waitFor } from './support';

// Cluster linking in scale-out mode, against the real servers: two consumers over four partitions
// export their keys' link features, the linking job (on BullMQ, every second) links each event
// hour once every partition has finished it, and the cluster alerts are those `replay` raises in
// one pipeline over the same events. The datacenter hydra's 12 keys sit in as many accounts, so in
// every partition, and some of them raise key alerts of their own.

const HOUR = 3600_000;
// Two days without the four busiest personas (three quarters of the events): about 7,000 events.
const sim = simulate({ seed: 7, days: 2, scale: 0.1 });
const BUSY = ['consumer_app', 'pipeline', 'bulk_distiller', 'benchmark_sweeper'];
const events = [...sim.events].filter((e) => !BUSY.includes(sim.labels[e.api_key_id].persona));
const lastHour = Math.floor(Math.max(...events.map((e) => Date.parse(String(e.ts)))) / HOUR) * HOUR;

type Read = Pick<Alert, 'alert_id' | 'kind' | 'related_api_key_ids' | 'severity' | 'cluster_alert_id'>;

/** Cluster alerts by their members: the ids differ, since replay links at an hour's first event and the job at its end. */
const clusters = (alerts: readonly Read[]) =>
  alerts
    .filter((a) => a.kind === 'cluster')
    .map((a) => ({ members: a.related_api_key_ids, severity: a.severity }))
    .sort((a, b) => (a.members[0] < b.members[0] ? -1 : 1));

/** Each key alert with the members of the cluster alert it points to, or null. */
function pointers(alerts: readonly Read[]): Record<string, string[] | null> {
  const members = new Map(alerts.map((a) => [a.alert_id, a.related_api_key_ids]));
  return Object.fromEntries(
    alerts.filter((a) => a.kind === 'key').map((a) => [a.alert_id, a.cluster_alert_id === undefined ? null : members.get(a.cluster_alert_id)!]),
  );
}

describe('cluster linking in scale-out mode', () => {
  let reference: Alert[];
  let f: StreamFixture;
  let config: Config;
  let servers: ScaleOut;
  let actions: Actions | undefined;
  const consumers: StreamConsumer[] = [];
  beforeAll(async () => {
    reference = await replayAlerts(events, {});
    expect(clusters(reference)).toHaveLength(1);
    expect(Object.values(pointers(reference)).filter(Boolean).length).toBeGreaterThan(0);
  });
  afterAll(() => actions?.close());
  stopAfterAll(() => ({ consumers, servers, f }));

  const stored = async () => (await servers.store.listAlerts({ sort: 'detected_at:asc', limit: 1000 })).items;

  it('links the keys of every partition per finished hour, raising the cluster alerts replay raises', async () => {
    f = await streamFixture('linking');
    config = loadConfig({}, { ...f.env, DISTILLGUARD_LINK_CRON: '* * * * * *' });
    servers = await openScaleOut(config, quietLog, { consumer: true });
    // Started first: the job runs while the partitions move on, linking each hour once all have finished it.
    actions = await startActions(config, servers.store, { log: quietLog, metrics: new Registry(), linking: clusterLinking(config, servers) });
    consumers.push(testConsumer(f, servers).consumer, testConsumer(f, servers).consumer);
    for (const c of consumers) await c.start();
    await f.produce(events);
    await f.caughtUp();
    // The last hour never closes: no event comes after it.
    expect(finishedHour(await readProgress(f.kafka, new PartitionStateStore(servers.redis!, f.id), f.id))).toBe(lastHour - HOUR);
    const state = new LinkingStateStore(servers.redis!, f.id, f.id);
    await waitFor(async () => (await state.load()).hour === lastHour - HOUR, 60_000);

    const alerts = await stored();
    expect(clusters(alerts)).toEqual(clusters(reference));
    // Members' key alerts point to their cluster alert when read, as in one pipeline.
    expect(pointers(alerts)).toEqual(pointers(reference));
    const [cluster] = alerts.filter((a) => a.kind === 'cluster');
    const member = alerts.find((a) => a.kind === 'key' && a.cluster_alert_id !== undefined)!;
    expect((await servers.store.getAlert(member.alert_id)).cluster_alert_id).toBe(cluster.alert_id);
    expect((await servers.store.keyProfile(member.api_key_id)).alerts[0].cluster_alert_id).toBe(cluster.alert_id);
    // Handed over like key alerts: the built-in dry-run policy recorded what it would do.
    await waitFor(async () => (await servers.store.listDecisions({ limit: 100 })).items.some((d) => d.alert_id === cluster.alert_id), 30_000);
  });

  it('links an hour again after a lost state save to the same alerts, adding none', async () => {
    await actions!.close();
    actions = undefined;
    const before = await stored();
    const job = new ClusterLinkingJob({ ...clusterLinking(config, servers)!, onAlerts: () => undefined, log: quietLog });
    expect(await job.run()).toEqual([]);
    // As if every state save had been lost after its alerts were stored: each hour is linked again.
    const state = new LinkingStateStore(servers.redis!, f.id, f.id);
    await servers.redis!.del(state.key);
    const linked: number[] = [];
    for (let run = await job.run(); run.length; run = await job.run()) linked.push(...run);
    expect(linked.at(-1)).toBe(lastHour - HOUR);
    const withoutWriteTime = (alerts: ReadonlyArray<{ updated_at: number }>) => alerts.map(({ updated_at: _, ...a }) => a);
    expect(withoutWriteTime(await stored())).toEqual(withoutWriteTime(before));
    const clickhouse = createClient({ url: CLICKHOUSE_URL, database: f.id });
    const [{ n }] = await selectRows(clickhouse, sql`SELECT uniqExact(alert_id) AS n FROM alerts`, z.object({ n: z.coerce.number() }));
    await clickhouse.close();
    expect(n).toBe(before.length);
  });
});
