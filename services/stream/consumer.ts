import { Partitioners } from 'kafkajs';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { Alert } from '../../schemas/alert';
import type { Logger } from 'pino';
import type { RunnerState } from '../pipeline/runner';
import type { TextWorkerOptions } from '../pipeline/text-feature-worker';
import { TextFeatureWorker } from '../pipeline/text-feature-worker';
import type { AllowlistView, DetectionSink, EventSink } from '../store/types';
import type { BackpressureOptions } from './backpressure';
import { Backpressure, BACKPRESSURE_DEFAULTS } from './backpressure';
import { BatchProcessor } from './batch-processor';
import { DeadLetterQueue } from './dead-letters';
import type { DurableWriteOptions } from './durable-write';
import { LagProbe } from './lag';
import type { ConsumerMetrics } from './metrics';
import { PartitionStateStore } from './state-store';

export interface StreamConsumerOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  redis: Redis;
  /** Names this deployment's Redis keys: `<prefix>:state:<topic>:<partition>`. */
  redisPrefix: string;
  sink: EventSink & DetectionSink;
  allowlist: AllowlistView;
  storePrompts: boolean;
  metrics: ConsumerMetrics;
  /** Alerts once stored, for enforcement and notification (the jobs' AlertHook). */
  onAlerts?: (alerts: readonly Alert[]) => void;
  log: Logger;
  /** Partitions handled at once: one batch's detection runs while another's writes are awaited. */
  partitionsConsumedConcurrently?: number;
  /** Must exceed the largest message the topic accepts, or that message is never fetched whole. */
  maxBytesPerPartition?: number;
  backpressure?: BackpressureOptions;
  durableWrite?: DurableWriteOptions;
  /** Text features on a worker thread (by default where the code is compiled), or false for one thread. */
  textWorker?: TextWorkerOptions | false;
}

/** kafkajs's fetch limits by default. */
export const FETCH = {
  maxBytesPerPartition: 16 * 1024 * 1024,
  // kafkajs gathers each fetch response into one buffer: under glibc's 32 MB mmap threshold it
  // reuses freed heap memory, above it every response is fresh pages, faulted in one by one.
  maxBytes: 30 * 1024 * 1024,
};

/**
 * A member of the consumer group: detection over its assigned partitions with one pipeline per
 * partition (see BatchProcessor). Scale out by starting more, up to the number of partitions.
 */
export class StreamConsumer {
  private current: RunnerState = 'idle';
  private failure: Error | undefined;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private backpressure: Backpressure | undefined;
  private processor: BatchProcessor | undefined;
  private lag: LagProbe | undefined;
  private textWorker: TextFeatureWorker | undefined;
  private settle: () => void = () => undefined;
  private readonly done = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(private readonly o: StreamConsumerOptions) {}

  get state(): RunnerState {
    return this.current;
  }

  /** Why the consumer failed, when it did. */
  get error(): Error | undefined {
    return this.failure;
  }

  get paused(): boolean {
    return this.backpressure?.isPaused ?? false;
  }

  /** Joins the group; `done` settles when the consumer has stopped or crashed (state says which). */
  async start(): Promise<{ done: Promise<void> }> {
    const { kafka, topic, log } = this.o;
    // kafkajs would restart itself after a crash with our pipelines' memory in an unknown state;
    // exiting lets the orchestrator restart a clean process that reloads from Redis instead.
    const consumer = kafka.consumer({
      groupId: this.o.groupId,
      maxBytesPerPartition: this.o.maxBytesPerPartition ?? FETCH.maxBytesPerPartition,
      maxBytes: FETCH.maxBytes,
      retry: { restartOnFailure: async () => false },
    });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    this.consumer = consumer;
    this.producer = producer;
    // Text features are the largest share of detection; on their own thread they are extracted
    // while this one detects. From TypeScript sources (tests) there is no thread: same results.
    const textWorker = this.o.textWorker === false ? undefined : TextFeatureWorker.start(this.o.textWorker);
    this.textWorker = textWorker;
    const backpressure = new Backpressure(
      consumer,
      topic,
      () => this.o.sink.backlog(),
      this.o.metrics,
      log,
      this.o.backpressure ?? BACKPRESSURE_DEFAULTS,
    );
    this.backpressure = backpressure;
    const processor = new BatchProcessor({
      states: new PartitionStateStore(this.o.redis, this.o.redisPrefix),
      sink: this.o.sink,
      deadLetters: new DeadLetterQueue(producer, topic),
      backpressure,
      metrics: this.o.metrics,
      pipeline: {
        isAllowlisted: (key, account, ts) => this.o.allowlist.isAllowlisted(key, account, ts),
        storePrompts: this.o.storePrompts,
        // Cross-key linking spans accounts, so partitions: one partition's pipeline would link
        // only its share. The linking job links every partition's keys (services/linking).
        clusters: false,
        exportLinks: true,
      },
      seek: (t, partition, offset) => consumer.seek({ topic: t, partition, offset: String(offset) }),
      onAlerts: this.o.onAlerts,
      log,
      durableWrite: this.o.durableWrite,
      textWorker,
    });
    this.processor = processor;
    const lag = new LagProbe(kafka, topic, () => processor.storedOffsets(topic), this.o.metrics.lag, log);
    this.lag = lag;
    this.o.metrics.measureLag(() => lag.refresh());

    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[topic] ?? [];
      processor.assign(topic, partitions);
      log.info({ topic, partitions, member: payload.memberId }, 'partitions assigned');
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.failure = payload.error;
      this.current = 'failed';
      log.error({ err: payload.error }, 'Kafka consumer crashed');
      this.backpressure?.stop();
      void Promise.allSettled([producer.disconnect(), textWorker?.close(), lag.close()]).finally(this.settle);
    });

    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        // Resolving a batch moves only the fetch position: the batch processor commits each
        // partition's offset itself, once the batch's effects are stored (see BatchProcessor).
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently ?? 4,
        eachBatch: processor.handle,
      });
    } catch (err) {
      // The thread would keep the process alive.
      await textWorker?.close();
      await lag.close();
      throw err;
    }
    backpressure.start();
    this.current = 'running';
    log.info({ topic, group: this.o.groupId }, 'Kafka consumer started');
    return { done: this.done };
  }

  /**
   * Finishes (or abandons, if ClickHouse is down) the batches in hand and their writes, commits,
   * leaves the group. Order: stop fetching, drain the writes while still a member (their Kafka
   * commits need the group), then leave.
   */
  async stop(): Promise<void> {
    if (this.current === 'idle') return;
    if (this.current !== 'running') return this.done;
    this.current = 'stopping';
    this.backpressure?.stop();
    this.consumer?.pause([{ topic: this.o.topic }]);
    await this.processor?.drain();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.lag?.close();
    await this.textWorker?.close();
    this.current = 'stopped';
    this.o.log.info('Kafka consumer stopped');
    this.settle();
  }
}
