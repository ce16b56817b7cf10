import { AssignerProtocol } from 'kafkajs';
import type { Histogram, Registry } from 'prom-client';
import type { AlertRecord } from '../../schemas/api';
import type { Serving } from '../../services/cli/serve';
import { startServe } from '../../services/cli/serve';
import { openScaleOut } from '../../services/cli/scale-out';
import type { ScaleOut } from '../../services/cli/scale-out';
import type { StreamConsumer } from '../../services/stream/consumer';
import type { StreamFixture } from './support';
import { alertSummary, expectedRequestsPerKey, quietLog, replayAlerts, requestsPerKey, simulated, stopAfterAll, streamFixture, testConsumer, waitFor } from './support';

// Kafka → consumers → ClickHouse → API against the real servers, compared with `replay` over the
// same events: partitioning by account and one pipeline per partition must not change a result.
// Key alerts only: cluster alerts come from the linking job (cluster-linking.test.ts).

const events = simulated();
let reference: ReturnType<typeof alertSummary>;

beforeAll(async () => {
  reference = alertSummary(await replayAlerts(events));
  expect(reference.length).toBeGreaterThan(0);
});

const token = 'stream-test-admin-token';

/** Every event to `POST /v1/events`, in order, one body after another: partitions keep each account's order, as replay's file does. */
async function postEvents(url: string): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const body = events.slice(i, i + 5000).map((e) => JSON.stringify(e)).join('\n');
    const res = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: Math.min(5000, events.length - i), rejected: [] });
  }
}

async function allAlerts(url: string) {
  const out = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await fetch(`${url}/v1/alerts?limit=1000${q}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { alerts: AlertRecord[]; next_cursor: string | null };
    out.push(...body.alerts);
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

describe('serve in scale-out mode', () => {
  let f: StreamFixture;
  let serving: Serving;
  afterAll(async () => {
    await serving?.shutdown('test done');
    await f?.cleanup();
  });

  it('takes HTTP ingest into Kafka, detects in its consumer, and the API returns what replay finds', async () => {
    f = await streamFixture('serve');
    serving = await startServe(f.config, { demo: false, log: quietLog });
    await postEvents(serving.url);
    await f.caughtUp();
    expect(alertSummary((await allAlerts(serving.url)).filter((a) => a.kind === 'key'))).toEqual(reference);
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(events));
  });
});

describe('a consumer group', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  const consumers: StreamConsumer[] = [];
  stopAfterAll(() => ({ consumers, servers, f }));

  const registries: Registry[] = [];
  const member = () => {
    const { consumer, registry } = testConsumer(f, servers);
    registries.push(registry);
    return consumer;
  };
  /** A histogram's `_count` or `_sum` (of one stage, if given), over both members. */
  const histogram = async (name: string, part: 'count' | 'sum', stage?: string) => {
    let n = 0;
    for (const r of registries) {
      for (const v of (await (r.getSingleMetric(name) as Histogram<string>).get()).values) {
        if (v.metricName === `${name}_${part}` && (stage === undefined || v.labels.stage === stage)) n += v.value;
      }
    }
    return n;
  };

  it('splits the partitions between two members, and the alerts equal replay (and so one consumer)', async () => {
    f = await streamFixture('group');
    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    consumers.push(member(), member());
    for (const c of consumers) await c.start();
    await f.produce(events);
    await f.caughtUp();
    const group = await f.group();
    const held = group.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[f.id] ?? []);
    expect(held.map((p) => p.length)).toEqual([2, 2]);
    // Every message came in some batch (one fetched again after the members' join counts twice),
    // and every batch and write was timed.
    expect(await histogram('distillguard_consumer_batch_messages', 'sum')).toBeGreaterThanOrEqual(events.length);
    const batches = await histogram('distillguard_consumer_batch_messages', 'count');
    expect(batches).toBeGreaterThan(0);
    for (const stage of ['total', 'state_read', 'detect', 'write_wait', 'clickhouse', 'state_write']) {
      expect(await histogram('distillguard_consumer_batch_seconds', 'count', stage)).toBeGreaterThan(0);
    }
    const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
    expect(alertSummary(items)).toEqual(reference);
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(events));
  });
});

describe('a member joining mid-stream', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  const consumers: StreamConsumer[] = [];
  stopAfterAll(() => ({ consumers, servers, f }));

  it('takes partitions over with their keys’ state, and the alerts equal replay', async () => {
    f = await streamFixture('rebalance');
    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    const first = testConsumer(f, servers);
    consumers.push(first.consumer);
    await first.consumer.start();
    const half = Math.floor(events.length / 2);
    await f.produce(events.slice(0, half));
    await f.caughtUp();

    // The second member's partitions carry state the first one built: it must load it from Redis.
    const second = testConsumer(f, servers);
    consumers.push(second.consumer);
    await second.consumer.start();
    await waitFor(async () => {
      const group = await f.group();
      return group.state === 'Stable' && group.members.length === 2;
    }, 60_000);
    await f.produce(events.slice(half));
    await f.caughtUp();

    const processed = async (registry: Registry) =>
      (await registry.getSingleMetric('distillguard_consumer_messages_total')!.get()).values.find((v) => v.labels.outcome === 'processed')?.value ?? 0;
    expect(await processed(second.registry)).toBeGreaterThan(0);
    expect((await processed(first.registry)) + (await processed(second.registry))).toBe(events.length);
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(events));
    const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
    expect(alertSummary(items)).toEqual(reference);
  });
});

describe('serve --no-consumer beside a consume process', () => {
  let f: StreamFixture;
  let serving: Serving;
  let servers: ScaleOut;
  const consumers: StreamConsumer[] = [];
  stopAfterAll(() => ({ consumers, servers, f }));
  afterAll(async () => {
    await serving?.shutdown('test done');
  });

  it('takes events into Kafka without detecting them; a consumer of the group detects, and the API shows its alerts', async () => {
    f = await streamFixture('apionly');
    serving = await startServe(f.config, { demo: false, consumer: false, log: quietLog });
    await postEvents(serving.url);
    expect(await f.messages()).toBe(events.length);
    expect((await f.group()).members).toEqual([]);
    expect(await allAlerts(serving.url)).toEqual([]);

    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    const { consumer } = testConsumer(f, servers);
    consumers.push(consumer);
    await consumer.start();
    await f.caughtUp();
    expect(alertSummary((await allAlerts(serving.url)).filter((a) => a.kind === 'key'))).toEqual(reference);
  });
});
