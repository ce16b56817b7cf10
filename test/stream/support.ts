import { randomBytes } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import type { GroupDescription, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import pino from 'pino';
import type { Alert } from '../../schemas/alert';
import type { RequestLogEventInput } from '../../schemas/event';
import { loadConfig } from '../../schemas/config';
import type { Config } from '../../schemas/config';
import type { ScaleOut } from '../../services/cli/scale-out';
import type { PipelineOptions } from '../../services/pipeline/pipeline';
import { replay } from '../../services/pipeline/replay';
import { ident, sql } from '../../services/store/clickhouse/sql';
import { simulate } from '../../services/simulate';
import type { StreamConsumerOptions } from '../../services/stream/consumer';
import { StreamConsumer } from '../../services/stream/consumer';
import { createKafka } from '../../services/stream/kafka';
import { ConsumerMetrics } from '../../services/stream/metrics';
import { deadLetterTopic } from '../../services/stream/dead-letters';
import { eventMessage } from '../../services/stream/partitioner';
import { EventProducer } from '../../services/stream/producer';
import { PartitionStateStore } from '../../services/stream/state-store';

// Every stream test runs against the real local servers (deploy/local/up.sh) with a topic,
// consumer group, ClickHouse database and Redis prefix of its own, so tests never see each other.

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PARTITIONS = 4;
export const quietLog = pino({ level: 'silent' });

/** A small simulation: about 30,000 events of 27 keys in 20 accounts, with attackers among them. */
export const simulated = (): RequestLogEventInput[] => [...simulate({ seed: 7, days: 1, scale: 0.1 }).events];

export interface StreamFixture {
  id: string;
  kafka: Kafka;
  redis: Redis;
  /** The environment a `distillguard` process of this test runs with. */
  env: Record<string, string>;
  config: Config;
  states: PartitionStateStore;
  produce(events: readonly RequestLogEventInput[]): Promise<void>;
  /** Resolves once every message in the topic is applied (Redis holds its offset). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Messages in the topic now, over its partitions. */
  messages(): Promise<number>;
  /** The consumer group (KAFKA_GROUP_ID is the topic's name) as Kafka describes it now. */
  group(): Promise<GroupDescription>;
  cleanup(): Promise<void>;
}

/**
 * After all tests of the block, stops the consumers, closes the servers and cleans up the fixture
 * that `started` returns then (whatever the tests got to start; absent parts are skipped).
 */
export function stopAfterAll(
  started: () => { consumers: ReadonlyArray<StreamConsumer | undefined>; servers: ScaleOut | undefined; f: StreamFixture | undefined },
): void {
  afterAll(async () => {
    const { consumers, servers, f } = started();
    for (const c of consumers) await c?.stop();
    await servers?.close();
    await f?.cleanup();
  });
}

/** One member of the test's consumer group over the real stores, with its own metrics registry. */
export function testConsumer(
  f: StreamFixture,
  servers: ScaleOut,
  options: Partial<StreamConsumerOptions> = {},
): { consumer: StreamConsumer; registry: Registry } {
  const registry = new Registry();
  const consumer = new StreamConsumer({
    kafka: f.kafka,
    topic: f.id,
    groupId: f.id,
    redis: servers.redis!,
    redisPrefix: f.id,
    sink: servers.store,
    allowlist: servers.store,
    storePrompts: true,
    metrics: new ConsumerMetrics(registry),
    log: quietLog,
    ...options,
  });
  return { consumer, registry };
}

export async function streamFixture(name: string): Promise<StreamFixture> {
  const id = `dgtest_${name}_${randomBytes(4).toString('hex')}`;
  const env = {
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_TOPIC: id,
    KAFKA_GROUP_ID: id,
    CLICKHOUSE_URL,
    CLICKHOUSE_DATABASE: id,
    REDIS_URL,
    DISTILLGUARD_REDIS_PREFIX: id,
    DISTILLGUARD_API_TOKENS: 'admin:stream-test-admin-token',
    DISTILLGUARD_PORT: '0',
  };
  const config = loadConfig({}, env);
  const kafka = createKafka(BROKERS, quietLog, id);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: id, numPartitions: PARTITIONS },
      { topic: deadLetterTopic(id), numPartitions: 1 },
    ],
  });
  const redis = new Redis(REDIS_URL);
  const states = new PartitionStateStore(redis, id);
  const producer = EventProducer.create(kafka, id);
  await producer.connect();
  return {
    id,
    kafka,
    redis,
    env,
    config,
    states,
    produce: (events) => producer.send(events.map((e) => eventMessage(e, JSON.stringify(e)))),
    async caughtUp(timeoutMs = 60_000) {
      const ends = await admin.fetchTopicOffsets(id);
      await waitFor(async () => {
        const applied = await Promise.all(ends.map((p) => states.read(id, p.partition, [])));
        return ends.every((p, i) => Number(p.high) === 0 || applied[i].offset === Number(p.high) - 1);
      }, timeoutMs);
    },
    async messages() {
      return (await admin.fetchTopicOffsets(id)).reduce((n, p) => n + Number(p.high), 0);
    },
    async group() {
      return (await admin.describeGroups([id])).groups[0];
    },
    async cleanup() {
      await producer.disconnect();
      await admin.deleteTopics({ topics: [id, deadLetterTopic(id)] }).catch(() => undefined);
      await admin.disconnect();
      const keys = await redis.keys(`${id}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      const clickhouse = createClient({ url: CLICKHOUSE_URL });
      await clickhouse.command({ query: sql`DROP DATABASE IF EXISTS ${ident(id)}`.text });
      await clickhouse.close();
    },
  };
}

/** Polls `check` until it is true; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * What `distillguard replay` finds in the same events: the reference for every stream test. Cross-key
 * linking is off unless asked for: consumers leave it to the linking job, which spans partitions.
 */
export async function replayAlerts(events: readonly RequestLogEventInput[], options: PipelineOptions = { clusters: false }): Promise<Alert[]> {
  const { alerts } = await replay(Readable.from(events.map((e) => JSON.stringify(e) + '\n')), options);
  return alerts;
}

/** The parts of an alert that detection decides, comparable across replay, ClickHouse and the API. */
export function alertSummary(alerts: ReadonlyArray<Pick<Alert, 'alert_id' | 'severity' | 'score' | 'requests_total'>>) {
  return alerts
    .map((a) => ({ alert_id: a.alert_id, severity: a.severity, score: a.score, requests_total: a.requests_total }))
    .sort((a, b) => (a.alert_id < b.alert_id ? -1 : 1));
}

/** Requests counted per key in the final detector states of every partition. */
export async function requestsPerKey(f: StreamFixture): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let p = 0; p < PARTITIONS; p++) {
    const hash = await f.redis.hgetall(f.states.key(f.id, p));
    for (const [id, json] of Object.entries(hash)) {
      if (id.startsWith('key:')) out.set(id.slice(4), (JSON.parse(json) as { state: { requests: number } }).state.requests);
    }
  }
  return out;
}

export function expectedRequestsPerKey(events: readonly RequestLogEventInput[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) out.set(e.api_key_id, (out.get(e.api_key_id) ?? 0) + 1);
  return out;
}
