/**
 * `npm run bench:kafka`: events/s through Kafka on the local servers (deploy/local/up.sh).
 * 1. produce the simulated events to a fresh topic (account partitioner, acks=all);
 * 2. a bare kafkajs consumer that only reads and JSON-parses them: the ceiling;
 * 3. the detection consumer over the same topic: validate, detect, events and output to
 *    ClickHouse, state to Redis, commit; consumer lag sampled every second.
 * Usage: node dist/bench/kafka.js [--seed N] [--days D] [--scale S] [--partitions P]
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Histogram } from 'prom-client';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '../schemas/config';
import { parseEvent } from '../schemas/event';
import { createConsumer, openScaleOut } from '../services/cli/scale-out';
import { simulate } from '../services/simulate';
import { deadLetterTopic } from '../services/stream/dead-letters';
import { eventMessage } from '../services/stream/partitioner';
import { EventProducer } from '../services/stream/producer';
import { PartitionStateStore } from '../services/stream/state-store';
import type { BatchStage } from '../services/stream/metrics';

const log = pino({ level: 'warn' });
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} events/s`;

async function readOnly(kafka: Kafka, topic: string, total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `${topic}-read`, maxBytesPerPartition: 4 << 20, maxBytes: 64 << 20 });
  let parsed = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const started = process.hrtime.bigint();
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) if (m.value && JSON.parse(m.value.toString('utf8'))) parsed++;
      if (parsed >= total) resolveDone();
    },
  });
  await done;
  const s = seconds(started);
  await consumer.disconnect();
  return s;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '7' },
      days: { type: 'string', default: '1' },
      scale: { type: 'string', default: '1' },
      partitions: { type: 'string', default: '4' },
    },
  });
  const id = `bench_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({}, {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    CLICKHOUSE_URL: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_TOPIC: id,
    KAFKA_GROUP_ID: id,
    CLICKHOUSE_DATABASE: id,
    DISTILLGUARD_REDIS_PREFIX: id,
  });
  const sim = simulate({ seed: Number(values.seed), days: Number(values.days), scale: Number(values.scale) });
  const messages = [];
  for (const input of sim.events) {
    const r = parseEvent(input);
    if (r.ok) messages.push(eventMessage(r.event, JSON.stringify(input)));
  }
  const total = messages.length;
  console.log(`${total.toLocaleString('en-US')} simulated events; topic ${id} with ${values.partitions} partitions`);

  const servers = await openScaleOut(config, log, { consumer: true });
  const admin = servers.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: id, numPartitions: Number(values.partitions) },
        { topic: deadLetterTopic(id), numPartitions: 1 },
      ],
    });
    const producer = EventProducer.create(servers.kafka, id);
    await producer.connect();
    let started = process.hrtime.bigint();
    await producer.send(messages);
    const produceS = seconds(started);
    await producer.disconnect();
    console.log(`produce            ${rate(total, produceS)} (${produceS.toFixed(1)} s)`);

    const readS = await readOnly(servers.kafka, id, total);
    console.log(`read + parse only  ${rate(total, readS)} (${readS.toFixed(1)} s)`);

    const registry = new Registry();
    const consumer = createConsumer(config, servers, { registry, log });
    const states = new PartitionStateStore(servers.redis!, id);
    const ends = await admin.fetchTopicOffsets(id);
    const applied = async () => {
      let n = 0;
      for (const p of ends) n += ((await states.read(id, p.partition, [])).offset ?? -1) + 1;
      return n;
    };
    started = process.hrtime.bigint();
    await consumer.start();
    const lag: string[] = [];
    let firstProgress: bigint | undefined;
    for (let done = 0, tick = 0; done < total; tick++) {
      await new Promise((r) => setTimeout(r, 250));
      done = await applied();
      if (done > 0) firstProgress ??= process.hrtime.bigint();
      if (tick % 4 === 3 || done === total) lag.push(`${seconds(started).toFixed(0)}s ${(total - done).toLocaleString('en-US')}`);
    }
    const detectS = seconds(started);
    // From the first stored batch: the group join and the first fetch are not throughput.
    const steadyS = firstProgress === undefined ? detectS : seconds(firstProgress);
    await consumer.stop();
    console.log(
      `detect → ClickHouse ${rate(total, detectS)} (${detectS.toFixed(1)} s from start, group join included); ` +
        `after the first stored batch ${rate(total, steadyS)}, ${(readS / steadyS).toFixed(2)}× the read-only consumer`,
    );
    console.log(`consumer lag (messages not yet applied): ${lag.join(' | ')}`);
    const stages = (await (registry.getSingleMetric('distillguard_consumer_batch_seconds') as Histogram<'stage'>).get()).values;
    const sum = (stage: BatchStage) => stages.find((v) => v.metricName?.endsWith('_sum') && v.labels.stage === stage)?.value ?? 0;
    const parts: BatchStage[] = ['state_read', 'detect', 'clickhouse', 'state_write'];
    const all = sum('total');
    console.log(
      `where batch time goes (summed over concurrent partitions, ${all.toFixed(1)} s): ` +
        parts.map((p) => `${p} ${((100 * sum(p)) / all).toFixed(0)} %`).join(', ') +
        `, decode and the rest ${((100 * (all - parts.reduce((n, p) => n + sum(p), 0))) / all).toFixed(0)} %`,
    );
  } finally {
    await admin.deleteTopics({ topics: [id, deadLetterTopic(id)] }).catch(() => undefined);
    await admin.disconnect();
    const keys = await servers.redis!.keys(`${id}:*`);
    if (keys.length) await servers.redis!.del(...keys);
    await servers.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
