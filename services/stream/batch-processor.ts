import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Alert } from '../../schemas/alert';
import type { ParseResult, RequestLogEvent } from '../../schemas/event';
import { parseEventLine } from '../../schemas/event';
import type { PipelineOptions } from '../pipeline/pipeline';
import type { PipelineOutput } from '../pipeline/types';
import type { DetectionSink, EventSink } from '../store/types';
import type { Backpressure } from './backpressure';
import type { DeadLetter, DeadLetterQueue } from './dead-letters';
import type { DurableWriteOptions } from './durable-write';
import { DURABLE_WRITE_DEFAULTS, writeDurably } from './durable-write';
import type { BatchStage, ConsumerMetrics } from './metrics';
import { PartitionWorker, stateIds } from './partition-worker';
import type { PartitionStateStore } from './state-store';

/** Messages between checks for a stop or a rebalance, heartbeats and yields to other work. */
const CHUNK = 1000;

export interface BatchProcessorDeps {
  states: PartitionStateStore;
  sink: EventSink & DetectionSink;
  deadLetters: DeadLetterQueue;
  backpressure: Backpressure;
  metrics: ConsumerMetrics;
  pipeline: Omit<PipelineOptions, 'loadState'>;
  /** Moves the partition's fetch position (kafkajs `consumer.seek`). */
  seek: (topic: string, partition: number, offset: number) => void;
  /** Alerts of a batch once stored, for enforcement and notification; must not block. */
  onAlerts?: (alerts: readonly Alert[]) => void;
  log: Logger;
  durableWrite?: DurableWriteOptions;
}

interface Decoded {
  message: KafkaMessage;
  offset: number;
  result: ParseResult;
}

/** Another consumer stored progress for the partition after this one read it: a rebalance moved it. */
export class PartitionMovedError extends Error {}

function decode(message: KafkaMessage): Decoded {
  const result: ParseResult = message.value
    ? parseEventLine(message.value.toString('utf8'))
    : { ok: false, reason: 'the message has no value' };
  return { message, offset: Number(message.offset), result };
}

/**
 * The consumer's `eachBatch`. Per batch: decode and validate, read the saved states of the batch's
 * keys and the partition's applied offset from Redis, skip what is already applied (a replay after
 * a crash or rebalance), detect, then make the effects durable in this order: dead letters, events
 * and detection output to ClickHouse (idempotent), states and the offset to Redis (atomically),
 * and only then resolve and commit the Kafka offset. A crash at any point replays the batch to the
 * same result.
 */
export class BatchProcessor {
  private readonly workers = new Map<number, PartitionWorker>();

  constructor(private readonly d: BatchProcessorDeps) {}

  /** Keeps the pipelines of partitions still assigned; the state of the others is in Redis for their new owner. */
  assign(topic: string, partitions: readonly number[]): void {
    for (const partition of this.workers.keys()) {
      if (!partitions.includes(partition)) {
        this.workers.delete(partition);
        this.d.metrics.lag.remove({ topic, partition: String(partition) });
      }
    }
  }

  readonly handle = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const started = performance.now();
    this.d.metrics.batchMessages.observe(batch.messages.length);
    const decoded = batch.messages.map(decode);
    const events = decoded.flatMap((x) => (x.result.ok ? [x.result.event] : []));
    const snapshot = await this.timed('state_read', () => this.d.states.read(batch.topic, batch.partition, stateIds(events)));
    const worker = this.workerFor(batch.partition, snapshot.offset);
    if (this.behindFetchPosition(worker, batch.topic, batch.partition, decoded[0].offset)) return;
    worker.useSavedStates(snapshot.states);
    try {
      await this.apply(worker, decoded, payload);
    } catch (err) {
      // The pipeline's memory is ahead of what is stored: the next batch rebuilds it from Redis.
      this.workers.delete(batch.partition);
      throw err;
    } finally {
      worker.useSavedStates(new Map());
    }
    this.d.metrics.batchSeconds.observe({ stage: 'total' }, (performance.now() - started) / 1000);
  };

  private workerFor(partition: number, stored: number | undefined): PartitionWorker {
    let worker = this.workers.get(partition);
    if (worker && worker.applied !== stored) {
      // Someone else stored progress in between (a rebalance we did not see), or Redis lost it.
      this.d.log.warn({ partition, held: worker.applied ?? null, stored: stored ?? null }, 'partition state changed elsewhere; reloading');
      worker = undefined;
    }
    if (!worker) {
      worker = new PartitionWorker(stored, this.d.pipeline);
      this.workers.set(partition, worker);
    }
    return worker;
  }

  /**
   * Redis, not Kafka's committed offset, says what is applied. Kafka's can only be ahead if Redis
   * lost writes (a restart without persistence): fetch again from Redis's position, once per
   * worker, so that the gap is detected; a gap that remains (retention deleted it) is reported.
   */
  private behindFetchPosition(worker: PartitionWorker, topic: string, partition: number, first: number): boolean {
    const next = (worker.applied ?? -1) + 1;
    if (first <= next) return false;
    if (worker.soughtTo === next) {
      this.d.log.error({ topic, partition, from: next, to: first - 1 }, 'messages missing from the partition; state continues without them');
      return false;
    }
    this.d.log.warn({ topic, partition, stored: next, fetched: first }, 'Kafka is ahead of the stored state; fetching again from it');
    worker.soughtTo = next;
    this.d.seek(topic, partition, next);
    return true;
  }

  private async apply(worker: PartitionWorker, decoded: Decoded[], p: EachBatchPayload): Promise<void> {
    const { topic, partition } = p.batch;
    const from = worker.applied ?? -1;
    const accepted: RequestLogEvent[] = [];
    const dead: DeadLetter[] = [];
    let last = from;
    let seen = -1;
    let replayed = 0;
    let duplicates = 0;
    const detectStarted = performance.now();
    for (let i = 0; i < decoded.length; i++) {
      if (i > 0 && i % CHUNK === 0) {
        if (!p.isRunning() || p.isStale()) break;
        await p.heartbeat();
        await yieldToLoop();
      }
      const { message, offset, result } = decoded[i];
      seen = offset;
      if (offset <= from) {
        replayed++;
        continue;
      }
      last = offset;
      if (!result.ok) dead.push({ message, reason: result.reason });
      else if (worker.pipeline.process(result.event)) accepted.push(result.event);
      else duplicates++;
    }
    this.observe('detect', detectStarted);
    const m = this.d.metrics;
    m.messages.inc({ outcome: 'replayed' }, replayed);
    if (last === from) {
      // Every message was applied before (a replay): only Kafka's offset has to catch up.
      if (seen >= 0) p.resolveOffset(String(seen));
      return;
    }
    const output = worker.pipeline.drain();
    const states = worker.pipeline.takeDirtyStates();
    await this.d.deadLetters.send(topic, partition, dead);

    const bp = this.d.backpressure;
    const clickhouseStarted = performance.now();
    const stored = await writeDurably(
      () => this.writeClickHouse(accepted, output),
      { heartbeat: p.heartbeat, isRunning: p.isRunning, onDegraded: (r) => bp.degrade(r), onDone: () => bp.recover() },
      this.d.durableWrite ?? DURABLE_WRITE_DEFAULTS,
    );
    this.observe('clickhouse', clickhouseStarted);
    if (!stored) {
      // Stopping: nothing of the batch is resolved, so it replays on the next start.
      this.workers.delete(partition);
      return;
    }

    const committed = await this.timed('state_write', () => this.d.states.commit(topic, partition, worker.applied, last, states));
    if (!committed) throw new PartitionMovedError(`${topic}/${partition}: another consumer stored progress; not overwriting it`);
    worker.applied = last;
    if (output.alerts.length) this.d.onAlerts?.(output.alerts);
    p.resolveOffset(String(last));
    await p.commitOffsetsIfNecessary();
    await p.heartbeat();

    m.messages.inc({ outcome: 'processed' }, accepted.length);
    m.messages.inc({ outcome: 'duplicate' }, duplicates);
    m.messages.inc({ outcome: 'dead_letter' }, dead.length);
    m.deadLetters.inc(dead.length);
    m.lag.set({ topic, partition: String(partition) }, Math.max(0, Number(p.batch.highWatermark) - 1 - last));
  }

  private async writeClickHouse(events: RequestLogEvent[], output: PipelineOutput): Promise<void> {
    await Promise.all([events.length ? this.d.sink.writeEvents(events) : undefined, this.d.sink.writeOutput(output)]);
  }

  private async timed<T>(stage: BatchStage, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.observe(stage, started);
    }
  }

  private observe(stage: BatchStage, started: number): void {
    this.d.metrics.batchSeconds.observe({ stage }, (performance.now() - started) / 1000);
  }
}
