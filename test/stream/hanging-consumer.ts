/**
 * A consumer process for pipelined-writes.test.ts (not a test itself): from its HANG_AFTER_WRITES-th
 * batch write on, each write stores its events and output in ClickHouse and then never finishes,
 * so Redis and Kafka stay behind while the partitions' next batches are detected in memory. Prints
 * `ahead <n>` while n batches are detected whose writes wait behind a hung one; the test kills it then.
 * Runs from source: node -r test/support/swc-register.js test/stream/hanging-consumer.ts
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Histogram } from 'prom-client';
import { loadConfig } from '../../schemas/config';
import { openScaleOut } from '../../services/cli/scale-out';
import { StreamConsumer } from '../../services/stream/consumer';
import { ConsumerMetrics } from '../../services/stream/metrics';
import type { DetectionSink, EventSink } from '../../services/store/types';

async function main(): Promise<void> {
  const config = loadConfig({});
  const log = pino({ level: 'silent' });
  const servers = await openScaleOut(config, log, { consumer: true });
  const hangAfter = Number(process.env.HANG_AFTER_WRITES);
  let writes = 0;
  let hung = false;
  const store = servers.store;
  const sink: EventSink & DetectionSink = {
    encodeEvents: (events, text) => store.encodeEvents(events, text),
    writeEncodedEvents: (parts) => store.writeEncodedEvents(parts),
    backlog: () => store.backlog(),
    async writeOutput(output) {
      const n = ++writes;
      await store.writeOutput(output);
      if (n < hangAfter) return;
      hung = true;
      await new Promise(() => undefined);
    },
  };
  const registry = new Registry();
  const consumer = new StreamConsumer({
    kafka: servers.kafka,
    topic: config.kafka.topic,
    groupId: config.kafka.groupId,
    redis: servers.redis!,
    redisPrefix: config.jobs.redisPrefix,
    sink,
    allowlist: store,
    storePrompts: true,
    metrics: new ConsumerMetrics(registry),
    log,
    // Small fetches: many batches per partition, so that there is a next batch to detect.
    maxBytesPerPartition: 32 * 1024,
  });
  await consumer.start();
  const detected = async () => {
    const values = (await (registry.getSingleMetric('distillguard_consumer_batch_seconds') as Histogram<'stage'>).get()).values;
    return values.find((v) => v.metricName?.endsWith('_count') && v.labels.stage === 'detect')?.value ?? 0;
  };
  // Every detected batch queues one write, which starts at once unless an earlier write of its
  // partition is unfinished: batches detected but not written yet are detected ahead of a write.
  setInterval(() => {
    void detected().then((n) => {
      if (hung && n > writes) console.log(`ahead ${n - writes}`);
    });
  }, 20);
}

void main();
