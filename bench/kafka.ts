/**
 * `npm run bench:kafka`: events/s through Kafka on the local servers (deploy/local/up.sh).
 * 1. produce the simulated events to a fresh topic (account partitioner, acks=all);
 * 2. per run: a bare kafkajs consumer with the detection consumer's fetch limits that only reads
 *    and JSON-parses them (the ceiling of reading); then `distillguard replay` of the same events
 *    from a file, in a child process, text worker on, nothing stored (the ceiling of detection: the
 *    detection consumer does this work and Kafka's, Redis's and ClickHouse's besides, on the same
 *    cores); then the detection consumer over the topic with a group, Redis prefix and ClickHouse
 *    database of its own: validate, detect, events and output to ClickHouse, state to Redis,
 *    commit; consumer lag sampled every second, and the CPU per event of the consumer's threads
 *    and of the local servers.
 * The machine is shared and noisy, so the runs alternate the three and the figures are reported
 * per run and as a range.
 * Usage: node --max-semi-space-size=64 dist/bench/kafka.js (the flag as the CLI runs node: see
 *        bin/distillguard.js) [--seed N] [--days D] [--scale S] [--partitions P] [--runs R]
 *        [--fetch-mb MB] (kafkajs maxBytesPerPartition) [--no-text-worker] (text features inline)
 *        [--profile FILE] (a CPU profile of the first run's detection consumer's thread, for DevTools)
 *        [--consumers N] (N detection consumers in the group: this process and N-1 child processes)
 *        [--live] (each run also consumes a fresh topic while a child process produces the events
 *        to it: end to end from the first send, and the lag a consumer shows under a live stream)
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { createClient } from '@clickhouse/client';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Histogram } from 'prom-client';
import type { Kafka, Message } from 'kafkajs';
import type { Config } from '../schemas/config';
import { loadConfig } from '../schemas/config';
import { parseEvent } from '../schemas/event';
import type { ScaleOut } from '../services/cli/scale-out';
import { openScaleOut } from '../services/cli/scale-out';
import { replay } from '../services/pipeline/replay';
import { FETCH, StreamConsumer } from '../services/stream/consumer';
import { ConsumerMetrics } from '../services/stream/metrics';
import { simulate } from '../services/simulate';
import { ident, sql } from '../services/store/clickhouse/sql';
import { deadLetterTopic } from '../services/stream/dead-letters';
import { createKafka } from '../services/stream/kafka';
import { eventMessage } from '../services/stream/partitioner';
import { EventProducer } from '../services/stream/producer';
import { PartitionStateStore } from '../services/stream/state-store';
import type { BatchStage } from '../services/stream/metrics';
import type { ServerCpu, ThreadSplit } from './proc-cpu';
import { serverCpu, serverCpuSince, threadCpu, threadCpuSince } from './proc-cpu';

const log = pino({ level: 'warn' });
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const range = (xs: number[]) => (xs.length === 1 ? fmt(xs[0]) : `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`);

/** `fetchMb`: maxBytesPerPartition as the detection consumer's (`--fetch-mb`), FETCH's when absent. */
async function readOnly(kafka: Kafka, groupId: string, topic: string, total: number, fetchMb: number | undefined): Promise<number> {
  const consumer = kafka.consumer({ groupId, ...FETCH, ...(fetchMb === undefined ? {} : { maxBytesPerPartition: fetchMb * 1024 * 1024 }) });
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

interface DetectRun {
  /** From `start()`, group join included, as the read-only consumer is timed from `run()`. */
  fromStartS: number;
  /** From the first batch handed to the consumer: its own work, without joining and the first fetch. */
  fromFirstBatchS: number;
  /** From the first stored batch (the figure reported before writes were pipelined; flattering with large fetches). */
  steadyS: number;
  lag: string;
  stages: string;
  /** CPU time of this process (every thread) per event, µs: less noisy than events/s on a shared machine. */
  cpuPerEventUs: number;
  /** Share of the wall time the consumer's event loop (its only JavaScript thread but the text worker's) was busy; this process's member. */
  busy: number;
  /** CPU seconds of the local servers over the same time. */
  servers: ServerCpu;
  /** µs per event of this process's threads (see threadCpuSince); with one consumer only, where it has every event. */
  threads?: ThreadSplit;
}

interface DetectOptions {
  /** kafkajs maxBytesPerPartition, MB; the consumer's default when absent. */
  fetchMb?: number;
  textWorker: boolean;
  profile?: string;
  /** Consumers in the group: this process's and as many less one in child processes. */
  consumers: number;
}

/** As services/cli/scale-out.ts's createConsumer builds it, with the fetch size and thread as asked. */
function benchConsumer(config: Config, servers: ScaleOut, registry: Registry, o: DetectOptions): StreamConsumer {
  return new StreamConsumer({
    kafka: servers.kafka,
    topic: config.kafka.topic,
    groupId: config.kafka.groupId,
    redis: servers.redis!,
    redisPrefix: config.jobs.redisPrefix,
    sink: servers.store,
    allowlist: servers.store,
    storePrompts: config.storePrompts,
    metrics: new ConsumerMetrics(registry),
    log,
    maxBytesPerPartition: o.fetchMb === undefined ? undefined : o.fetchMb * 1024 * 1024,
    textWorker: o.textWorker ? undefined : false,
  });
}

/**
 * A child process's member of the group (`--member`): once ready, waits for the word to start (so
 * that every member joins at the time the bench's clock starts), consumes until SIGTERM, then
 * reports its CPU time (µs) from `start()`, as the bench's own member is measured.
 */
async function member(o: DetectOptions): Promise<void> {
  const config = loadConfig({}, process.env);
  const servers = await openScaleOut(config, log, { consumer: true });
  const consumer = benchConsumer(config, servers, new Registry(), o);
  const stopped = once(process, 'SIGTERM');
  const go = once(process, 'message');
  process.send!({ ready: true });
  await go;
  const cpu = process.cpuUsage();
  await consumer.start();
  await stopped;
  const used = process.cpuUsage(cpu);
  await consumer.stop();
  await servers.close();
  process.send!({ cpuUs: used.user + used.system }, () => process.disconnect());
}

/** Events/s and CPU µs an event (every thread of the process) of a replay. */
interface ReplayRun {
  perSecond: number;
  cpuUs: number;
}

/**
 * `--replay-alone FILE`, in a child process of its own (as the detection consumer's process holds
 * none of the topic, this one holds none of the bench's): replays the NDJSON file as `distillguard
 * replay` does, text worker included, and reports the rate of a second replay, once the detectors
 * are compiled (the detection consumer's runs after the first find them compiled too).
 */
async function replayAlone(file: string): Promise<void> {
  await replay(createReadStream(file, { highWaterMark: 1 << 20 }));
  const cpu = process.cpuUsage();
  const { stats } = await replay(createReadStream(file, { highWaterMark: 1 << 20 }));
  const used = process.cpuUsage(cpu);
  const run: ReplayRun = { perSecond: stats.events / stats.seconds, cpuUs: (used.user + used.system) / stats.events };
  process.send!(run, () => process.disconnect());
}

/** The messages' values as NDJSON, written in slices: one string of a larger topic would pass V8's limit. */
function writeLines(file: string, messages: readonly Message[]): void {
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < messages.length; i += 10_000) {
      writeSync(fd, messages.slice(i, i + 10_000).map((m) => `${String(m.value)}\n`).join(''));
    }
  } finally {
    closeSync(fd);
  }
}

async function replayInChild(file: string): Promise<ReplayRun> {
  const child = fork(__filename, ['--replay-alone', file]);
  return reply<ReplayRun>(child);
}

/**
 * `--produce-to TOPIC`, in a child process of its own (live runs): makes the simulated events,
 * says it is ready, and on the word produces them to the topic, then reports how long that took.
 */
async function produceTo(topic: string, seed: number, days: number, scale: number): Promise<void> {
  const messages = simulatedMessages(seed, days, scale);
  const config = loadConfig({}, process.env);
  const producer = EventProducer.create(createKafka(config.kafka.brokers, log), topic);
  await producer.connect();
  const go = once(process, 'message');
  process.send!({ ready: true });
  await go;
  const started = process.hrtime.bigint();
  await producer.send(messages);
  const produceS = seconds(started);
  await producer.disconnect();
  process.send!({ produceS }, () => process.disconnect());
}

/** A child process's next message (a member's, the replay's or the producer's); rejects if it exits first. */
function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`bench child process exited with code ${code}`));
    child.once('exit', exited);
    child.once('message', (m) => {
      child.off('exit', exited);
      resolve(m as T);
    });
  });
}

/** Starts the child members' processes, resolving once each is ready to start its consumer. */
async function startMembers(n: number, env: NodeJS.ProcessEnv, o: DetectOptions): Promise<ChildProcess[]> {
  const args = ['--member', ...(o.fetchMb === undefined ? [] : ['--fetch-mb', String(o.fetchMb)]), ...(o.textWorker ? [] : ['--no-text-worker'])];
  const children = Array.from({ length: n }, () => fork(__filename, args, { env }));
  await Promise.all(children.map((c) => reply(c)));
  return children;
}

/** Stops the child members; their CPU time, µs. */
async function stopMembers(children: readonly ChildProcess[]): Promise<number> {
  const used = children.map((c) => reply<{ cpuUs: number }>(c));
  for (const c of children) c.kill('SIGTERM');
  return (await Promise.all(used)).reduce((n, m) => n + m.cpuUs, 0);
}

/**
 * One run of the detection consumer over `total` messages of env's topic. With `producer` (a
 * `--produce-to` child, ready), the topic is filled while the consumer runs: the producer starts
 * with the clock.
 */
async function detect(env: NodeJS.ProcessEnv, ends: ReadonlyArray<{ partition: number }>, total: number, o: DetectOptions, producer?: ChildProcess): Promise<DetectRun> {
  const config = loadConfig({}, env);
  const registry = new Registry();
  const servers = await openScaleOut(config, log, { consumer: true });
  const topic = config.kafka.topic;
  const prefix = config.jobs.redisPrefix;
  const admin = servers.kafka.admin();
  await admin.connect();
  try {
    /** Messages in the topic now: all of them, unless a producer is still sending. */
    const inTopic = async () => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
    const consumer = benchConsumer(config, servers, registry, o);
    const states = new PartitionStateStore(servers.redis!, prefix);
    const applied = async () => {
      let n = 0;
      for (const p of ends) n += ((await states.read(topic, p.partition, [])).offset ?? -1) + 1;
      return n;
    };
    const session = o.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const children = await startMembers(o.consumers - 1, env, o);
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const serversBefore = serverCpu();
    const threadsBefore = threadCpu();
    const elu = performance.eventLoopUtilization();
    for (const c of children) c.send('go');
    producer?.send('go');
    await consumer.start();
    const lag: string[] = [];
    let firstBatch: bigint | undefined;
    let firstProgress: bigint | undefined;
    const batches = registry.getSingleMetric('distillguard_consumer_batch_messages') as Histogram;
    for (let done = 0, tick = 0; done < total; tick++) {
      await new Promise((r) => setTimeout(r, 50));
      if (firstBatch === undefined && (await batches.get()).values.some((v) => v.metricName?.endsWith('_count') && v.value > 0)) {
        firstBatch = process.hrtime.bigint();
      }
      if (tick % 5 !== 4) continue;
      done = await applied();
      if (done > 0) firstProgress ??= process.hrtime.bigint();
      if (tick % 20 === 19 || done === total) lag.push(`${seconds(started).toFixed(0)}s ${fmt((await inTopic()) - done)}`);
    }
    const fromStartS = seconds(started);
    const used = process.cpuUsage(cpu);
    const serverUse = serverCpuSince(serversBefore);
    const threadUse = o.consumers === 1 ? threadCpuSince(threadsBefore) : undefined;
    const busy = performance.eventLoopUtilization(elu).utilization;
    const steadyS = firstProgress === undefined ? fromStartS : seconds(firstProgress);
    const fromFirstBatchS = firstBatch === undefined ? fromStartS : seconds(firstBatch);
    if (session && o.profile) {
      const { profile: data } = await session.post('Profiler.stop');
      writeFileSync(o.profile, JSON.stringify(data));
      session.disconnect();
    }
    await consumer.stop();
    const childCpuUs = await stopMembers(children);
    const stages = (await (registry.getSingleMetric('distillguard_consumer_batch_seconds') as Histogram<'stage'>).get()).values;
    const sum = (stage: BatchStage) => stages.find((v) => v.metricName?.endsWith('_sum') && v.labels.stage === stage)?.value ?? 0;
    const parts: BatchStage[] = ['state_read', 'detect', 'write_wait'];
    const stageText =
      `batches in kafkajs's hands ${sum('total').toFixed(1)} s (` +
      parts.map((p) => `${p} ${sum(p).toFixed(1)}`).join(', ') +
      `); their writes after: clickhouse ${sum('clickhouse').toFixed(1)} s, state_write ${sum('state_write').toFixed(1)} s (summed over partitions)`;
    const perEventUs = (s: number) => (s * 1e6) / total;
    return {
      fromStartS,
      fromFirstBatchS,
      steadyS,
      lag: lag.join(' | '),
      stages: stageText,
      cpuPerEventUs: (used.user + used.system + childCpuUs) / total,
      busy,
      servers: serverUse,
      threads: threadUse && { main: perEventUs(threadUse.main), started: perEventUs(threadUse.started), helpers: perEventUs(threadUse.helpers) },
    };
  } finally {
    await admin.disconnect();
    const keys = await servers.redis!.keys(`${prefix}:*`);
    if (keys.length) await servers.redis!.del(...keys);
    await servers.close();
  }
}

function simulatedMessages(seed: number, days: number, scale: number): Message[] {
  const messages: Message[] = [];
  for (const input of simulate({ seed, days, scale }).events) {
    const r = parseEvent(input);
    if (r.ok) messages.push(eventMessage(r.event, JSON.stringify(input)));
  }
  return messages;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '7' },
      days: { type: 'string', default: '1' },
      scale: { type: 'string', default: '1' },
      partitions: { type: 'string', default: '4' },
      runs: { type: 'string', default: '3' },
      profile: { type: 'string' },
      'fetch-mb': { type: 'string' },
      'no-text-worker': { type: 'boolean', default: false },
      consumers: { type: 'string', default: '1' },
      member: { type: 'boolean', default: false },
      'replay-alone': { type: 'string' },
      live: { type: 'boolean', default: false },
      'produce-to': { type: 'string' },
    },
  });
  if (values['replay-alone']) return replayAlone(values['replay-alone']);
  if (values['produce-to']) return produceTo(values['produce-to'], Number(values.seed), Number(values.days), Number(values.scale));
  const detectOptions: DetectOptions = {
    fetchMb: values['fetch-mb'] === undefined ? undefined : Number(values['fetch-mb']),
    textWorker: !values['no-text-worker'],
    consumers: Number(values.consumers),
  };
  if (values.member) return member(detectOptions);
  const id = `bench_${randomBytes(4).toString('hex')}`;
  const env = (run: string) => ({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    CLICKHOUSE_URL: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ...(process.env.CLICKHOUSE_FLUSH_ROWS ? { CLICKHOUSE_FLUSH_ROWS: process.env.CLICKHOUSE_FLUSH_ROWS } : {}),
    KAFKA_TOPIC: id,
    KAFKA_GROUP_ID: `${id}_${run}`,
    CLICKHOUSE_DATABASE: `${id}_${run}`,
    DISTILLGUARD_REDIS_PREFIX: `${id}_${run}`,
  });
  const messages = simulatedMessages(Number(values.seed), Number(values.days), Number(values.scale));
  const total = messages.length;
  const runs = Number(values.runs);
  console.log(`${fmt(total)} simulated events; topic ${id} with ${values.partitions} partitions; ${runs} runs; ${detectOptions.consumers} detection consumer(s)`);

  const config = loadConfig({}, env('produce'));
  const servers = await openScaleOut(config, log, { consumer: false });
  const admin = servers.kafka.admin();
  await admin.connect();
  const databases: string[] = [];
  const liveTopics: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'distillguard-bench-'));
  const file = join(dir, 'events.ndjson');
  try {
    writeLines(file, messages);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: id, numPartitions: Number(values.partitions) },
        { topic: deadLetterTopic(id), numPartitions: 1 },
      ],
    });
    const producer = EventProducer.create(servers.kafka, id);
    await producer.connect();
    const started = process.hrtime.bigint();
    await producer.send(messages);
    const produceS = seconds(started);
    // A consumer's process does not hold the whole topic: kept alive, it made each full garbage
    // collection of the consumer's heap mark a few hundred MB more.
    messages.length = 0;
    await producer.disconnect();
    console.log(`produce             ${fmt(total / produceS)} events/s (${produceS.toFixed(1)} s)`);
    const ends = await admin.fetchTopicOffsets(id);

    const read: number[] = [];
    const alone: ReplayRun[] = [];
    const live: number[] = [];
    const steady: number[] = [];
    const fromStart: number[] = [];
    const fromFirst: number[] = [];
    const ratio: number[] = [];
    const cpu: number[] = [];
    const serverUs = new Map<string, number[]>();
    const machineUs: number[] = [];
    /** The servers' CPU per event of each run, summed. */
    const serversUs: number[] = [];
    const threadUs: ThreadSplit[] = [];
    for (let run = 1; run <= runs; run++) {
      const readS = await readOnly(servers.kafka, `${id}_read${run}`, id, total, detectOptions.fetchMb);
      console.log(`run ${run}: read + parse only ${fmt(total / readS)} events/s`);
      const r = await replayInChild(file);
      alone.push(r);
      console.log(`       replay alone ${fmt(r.perSecond)} events/s (${((r.perSecond * readS) / total).toFixed(2)}× read-only), ${r.cpuUs.toFixed(1)} µs of CPU per event`);
      const runEnv = { ...process.env, ...env(`r${run}`) };
      databases.push(runEnv.CLICKHOUSE_DATABASE);
      const d = await detect(runEnv, ends, total, { ...detectOptions, profile: run === 1 ? values.profile : undefined });
      read.push(total / readS);
      steady.push(total / d.steadyS);
      fromStart.push(total / d.fromStartS);
      fromFirst.push(total / d.fromFirstBatchS);
      ratio.push(readS / d.fromStartS);
      cpu.push(d.cpuPerEventUs);
      console.log(
        `       detection consumer ${fmt(total / d.fromStartS)} events/s from start() (${(readS / d.fromStartS).toFixed(2)}× read-only), ` +
          `${fmt(total / d.fromFirstBatchS)} from its first batch, ${fmt(total / d.steadyS)} after its first stored batch; ` +
          `${d.cpuPerEventUs.toFixed(1)} µs of CPU per event, event loop busy ${(100 * d.busy).toFixed(0)} %; load average ${loadavg()[0].toFixed(1)}`,
      );
      if (d.threads) {
        const t = d.threads;
        console.log(`       of which threads: consumer ${t.main.toFixed(1)}, text worker ${t.started.toFixed(1)}, V8's collector and compiler ${t.helpers.toFixed(1)} µs an event`);
        threadUs.push(t);
      }
      console.log(`       lag (messages not yet applied): ${d.lag}`);
      console.log(`       ${d.stages}`);
      let all = d.cpuPerEventUs;
      for (const [name, s] of d.servers) {
        const us = (s * 1e6) / total;
        all += us;
        serverUs.set(name, [...(serverUs.get(name) ?? []), us]);
      }
      machineUs.push(all);
      serversUs.push(all - d.cpuPerEventUs);
      if (d.servers.size) {
        const each = [...d.servers].map(([name, s]) => `${name} ${((s * 1e6) / total).toFixed(1)}`).join(', ');
        console.log(`       servers' CPU per event meanwhile: ${each} µs; with the consumer ${all.toFixed(1)} µs an event`);
      }
      if (values.live) {
        const topic = `${id}_live${run}`;
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            { topic, numPartitions: Number(values.partitions) },
            { topic: deadLetterTopic(topic), numPartitions: 1 },
          ],
        });
        liveTopics.push(topic, deadLetterTopic(topic));
        const liveEnv = { ...process.env, ...env(`live${run}`), KAFKA_TOPIC: topic };
        databases.push(liveEnv.CLICKHOUSE_DATABASE);
        const args = ['--produce-to', topic, '--seed', values.seed, '--days', values.days, '--scale', values.scale];
        const producer = fork(__filename, args, { env: liveEnv });
        await reply(producer);
        const produced = reply<{ produceS: number }>(producer);
        const l = await detect(liveEnv, ends, total, detectOptions, producer);
        const { produceS } = await produced;
        live.push(total / l.fromStartS);
        console.log(
          `       live, the producer sending alongside: ${fmt(total / l.fromStartS)} events/s from its first send to the last event stored ` +
            `(producer ${fmt(total / produceS)} events/s); ${l.cpuPerEventUs.toFixed(1)} µs of CPU per event in the consumer's process`,
        );
        console.log(`       lag (messages in the topic not yet applied): ${l.lag}`);
      }
    }
    console.log(`read + parse only   ${range(read)} events/s`);
    console.log(
      `replay alone        ${range(alone.map((r) => r.perSecond))} events/s, ${Math.min(...alone.map((r) => r.cpuUs)).toFixed(1)}–` +
        `${Math.max(...alone.map((r) => r.cpuUs)).toFixed(1)} µs of CPU per event; ` +
        `${alone.map((r, i) => (r.perSecond / read[i]).toFixed(2)).join(', ')}× the read-only consumer of the same run (the most detection could reach were Kafka, Redis and ClickHouse free)`,
    );
    console.log(
      `detection consumer  ${range(fromStart)} events/s from start(), ${range(fromFirst)} from the first batch, ` +
        `${range(steady)} after the first stored batch`,
    );
    console.log(`CPU per event       ${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)} µs in the detection consumers' processes`);
    if (threadUs.length) {
      const span = (k: keyof ThreadSplit) => `${Math.min(...threadUs.map((t) => t[k])).toFixed(1)}–${Math.max(...threadUs.map((t) => t[k])).toFixed(1)}`;
      console.log(`of which threads    consumer ${span('main')}, text worker ${span('started')}, V8's collector and compiler ${span('helpers')} µs`);
    }
    console.log(`ratio               ${ratio.map((r) => r.toFixed(2)).join(', ')}× the read-only consumer of the same run (both from joining)`);
    if (live.length) console.log(`live                ${range(live)} events/s end to end, produced while consumed`);
    if (serverUs.size) {
      // Every core busy with this work alone is the most the machine can carry end to end.
      const cores = availableParallelism();
      const each = [...serverUs].map(([name, us]) => `${name} ${Math.min(...us).toFixed(1)}–${Math.max(...us).toFixed(1)}`).join(', ');
      console.log(`servers' CPU/event  ${each} µs (local servers, /proc)`);
      console.log(
        `ceiling             ${Math.min(...machineUs).toFixed(1)}–${Math.max(...machineUs).toFixed(1)} µs of CPU an event in consumer and servers together: ` +
          `${range(machineUs.map((us) => (cores * 1e6) / us))} events/s if all ${cores} cores did nothing else`,
      );
      // Whatever a consumer does around detection, it detects as replay does and the servers store
      // what it sends: the two together bound it (the servers as this consumer's writes cost them).
      const bound = alone.map((r, i) => (cores * 1e6) / (r.cpuUs + serversUs[i]));
      console.log(
        `bound               ${range(bound)} events/s, ${bound.map((b, i) => (b / read[i]).toFixed(2)).join(', ')}× the read-only consumer: ` +
          `all ${cores} cores on replay alone's CPU an event and the servers', none on the consumer's own work around detection`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.deleteTopics({ topics: [id, deadLetterTopic(id), ...liveTopics] }).catch(() => undefined);
    await admin.disconnect();
    await servers.close();
    const clickhouse = createClient({ url: config.clickhouse.url });
    for (const db of [config.clickhouse.database, ...databases]) {
      await clickhouse.command({ query: sql`DROP DATABASE IF EXISTS ${ident(db)}`.text }).catch(() => undefined);
    }
    await clickhouse.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
