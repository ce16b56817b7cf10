import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../../schemas/config';
import type { AlertHook } from '../jobs/alert-hook';
import type { Retention } from '../jobs/processors/retention';
import type { ClusterLinkingSources } from '../linking/job';
import { readProgress } from '../linking/progress';
import { LinkingStateStore } from '../linking/state';
import type { ClickHouseStore } from '../store/clickhouse/store';
import { openClickHouseStore } from '../store/clickhouse/store';
import { StreamConsumer } from '../stream/consumer';
import { createKafka } from '../stream/kafka';
import { ConsumerMetrics } from '../stream/metrics';
import { PartitionStateStore } from '../stream/state-store';
import { isScaleOut } from './mode';

const DAY = 86_400_000;

/** The servers a scale-out process talks to. */
export interface ScaleOut {
  kafka: Kafka;
  store: ClickHouseStore;
  /** When REDIS_URL is set: detector state and the cluster-linking job's state live there. */
  redis: Redis | undefined;
  close(): Promise<void>;
}

/** `registry` receives the ClickHouse writer's metrics. */
export async function openScaleOut(config: Config, log: Logger, o: { consumer: boolean; registry?: Registry }): Promise<ScaleOut> {
  if (!isScaleOut(config)) throw new Error('scale-out mode needs KAFKA_BROKERS and CLICKHOUSE_URL');
  if (o.consumer && !config.redisUrl) throw new Error('consuming needs REDIS_URL: detector state is kept in Redis');
  const store = await openClickHouseStore(config, { log, registry: o.registry });
  // Commands queue while Redis reconnects; one that still fails fails its batch, which replays.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 20 }) : undefined;
  return {
    kafka: createKafka(config.kafka.brokers, log),
    store,
    redis,
    async close() {
      await store.close();
      await redis?.quit();
    },
  };
}

/**
 * What the retention job ages out: monthly partitions of raw events and link features in
 * ClickHouse, and in Redis the states of keys idle for longer than kept (with REDIS_URL).
 */
export function retention(config: Config, s: ScaleOut): Retention {
  const partitions = s.store.retention(config.retention);
  const days = config.retention.keyStates;
  const states = s.redis && new PartitionStateStore(s.redis, config.jobs.redisPrefix);
  return {
    async run(now) {
      const { dropped } = await partitions.run(now);
      const prunedKeyStates = states && days !== null ? await states.pruneIdle(config.kafka.topic, days * DAY) : 0;
      return { dropped, prunedKeyStates };
    },
  };
}

/**
 * What the cluster-linking job reads and writes: the partitions' progress and its own state in
 * Redis, the keys' link features and the alerts in ClickHouse. Without Redis there is no job.
 */
export function clusterLinking(config: Config, s: ScaleOut): ClusterLinkingSources | undefined {
  if (!s.redis) return undefined;
  const { topic } = config.kafka;
  const states = new PartitionStateStore(s.redis, config.jobs.redisPrefix);
  return {
    features: s.store.keyLinks,
    progress: () => readProgress(s.kafka, states, topic),
    state: new LinkingStateStore(s.redis, config.jobs.redisPrefix, topic),
    sink: s.store,
    allowlist: s.store,
  };
}

/** A consumer over the scale-out servers, its metrics on `registry`, its stored alerts handed to `hook`. */
export function createConsumer(config: Config, s: ScaleOut, o: { registry: Registry; hook?: AlertHook; log: Logger }): StreamConsumer {
  if (!s.redis) throw new Error('consuming needs REDIS_URL: detector state is kept in Redis');
  return new StreamConsumer({
    kafka: s.kafka,
    topic: config.kafka.topic,
    groupId: config.kafka.groupId,
    redis: s.redis,
    redisPrefix: config.jobs.redisPrefix,
    sink: s.store,
    allowlist: s.store,
    storePrompts: config.storePrompts,
    metrics: new ConsumerMetrics(o.registry),
    onAlerts: o.hook && ((alerts) => o.hook!.onAlerts(alerts)),
    log: o.log,
  });
}
