import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { openScaleOut } from '../../services/cli/scale-out';
import type { ScaleOut } from '../../services/cli/scale-out';
import type { StreamConsumer } from '../../services/stream/consumer';
import type { StreamFixture } from './support';
import { alertSummary, expectedRequestsPerKey, PARTITIONS, quietLog, replayAlerts, requestsPerKey, simulated, stopAfterAll, streamFixture, testConsumer, waitFor } from './support';

// ClickHouse stops in the middle of ingestion: the consumer pauses the topic, keeps its batch and
// its partitions, and resumes when ClickHouse is back, with nothing lost. The local ClickHouse is
// the one deploy/local/up.sh runs; it is stopped by the pid it recorded and started by up.sh.

const ROOT = join(__dirname, '..', '..');
const STATE = process.env.DISTILLGUARD_STATE ?? '/tmp/distillguard-local';
const events = simulated();

function stopClickHouse(): void {
  const pid = Number(readFileSync(join(STATE, 'clickhouse', 'clickhouse.pid'), 'utf8'));
  process.kill(pid, 'SIGTERM');
}

/** `distillguard_consumer_lag` as a scrape reads it: messages not stored, by partition. */
async function lag(registry: Registry): Promise<number[]> {
  const { values } = await registry.getSingleMetric('distillguard_consumer_lag')!.get();
  return values.map((v) => v.value);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function clickHouseAnswers(): Promise<boolean> {
  return fetch('http://127.0.0.1:8123/ping').then(
    (r) => r.ok,
    () => false,
  );
}

describe('a ClickHouse outage during ingestion', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  let consumer: StreamConsumer;
  // Whatever happened, leave ClickHouse running for everyone else (before the consumer stops).
  afterAll(async () => {
    if (!(await clickHouseAnswers())) execFileSync('bash', [join(ROOT, 'deploy/local/up.sh')]);
  });
  stopAfterAll(() => ({ consumers: [consumer], servers, f }));

  it('pauses while ClickHouse is down, with its lag rising, resumes after, and loses nothing', async () => {
    f = await streamFixture('outage');
    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    let registry;
    ({ consumer, registry } = testConsumer(f, servers, { durableWrite: { slowAfterMs: 500, giveUpAfterMs: 120_000, pollMs: 250 } }));
    await consumer.start();
    const third = Math.floor(events.length / 3);
    await f.produce(events.slice(0, third));
    await f.caughtUp();
    await waitFor(async () => sum(await lag(registry)) === 0, 10_000);
    expect(await lag(registry)).toHaveLength(PARTITIONS);

    stopClickHouse();
    await waitFor(async () => !(await clickHouseAnswers()), 30_000);
    await f.produce(events.slice(third));
    await waitFor(() => consumer.paused, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(consumer.paused).toBe(true);
    expect(consumer.state).toBe('running');
    // No batch is stored meanwhile, so lag is read from Kafka's ends: every message produced since.
    expect(sum(await lag(registry))).toBe(events.length - third);

    execFileSync('bash', [join(ROOT, 'deploy/local/up.sh')]);
    await f.caughtUp(90_000);
    await waitFor(() => !consumer.paused, 10_000);
    await waitFor(async () => sum(await lag(registry)) === 0, 10_000);
    expect((await registry.getSingleMetricAsString('distillguard_consumer_pauses_total')).trim()).toMatch(/ [1-9]\d*$/);
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(events));
    const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
    expect(alertSummary(items)).toEqual(alertSummary(await replayAlerts(events)));
  });
});
