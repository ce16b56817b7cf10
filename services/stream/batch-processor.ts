import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { textFeaturesOf } from '../../detectors/features';
import type { TextFeatures } from '../../detectors/features/text';
import type { Alert } from '../../schemas/alert';
import type { ParseResult, RequestLogEvent } from '../../schemas/event';
import { parseEventLine } from '../../schemas/event';
import type { PipelineOptions } from '../pipeline/pipeline';
import type { TextFeatureWorker } from '../pipeline/text-feature-worker';
import { unpackTextFeatures } from '../pipeline/text-features-transfer';
import type { PipelineOutput } from '../pipeline/types';
import type { DetectionSink, DetectorState, EncodedEvents, EventSink } from '../store/types';
import type { Backpressure } from './backpressure';
import type { DeadLetter, DeadLetterQueue } from './dead-letters';
import type { DurableWriteOptions } from './durable-write';
import { DURABLE_WRITE_DEFAULTS, writeDurably } from './durable-write';
import type { BatchStage, ConsumerMetrics } from './metrics';
import { PartitionWorker, stateIds } from './partition-worker';
import type { PartitionStateStore } from './state-store';

/** Messages between checks for a stop or a rebalance, heartbeats and yields to other work. */
const CHUNK = 1000;
/**
 * Messages decoded, detected and encoded at a time (see BatchProcessor): small enough that a
 * sub-batch's events and text features die young, in the garbage collector's young generation.
 */
export const SUB_BATCH = 1000;

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
  /** Extracts the events' text features on another thread while states are read; inline without. */
  textWorker?: TextFeatureWorker;
  /** Messages per sub-batch; SUB_BATCH by default. */
  subBatch?: number;
}

interface Decoded {
  message: KafkaMessage;
  offset: number;
  result: ParseResult;
}

/** Consecutive messages of a batch, decoded, with their texts' features on their way from the worker thread. */
interface SubBatch {
  /** Index in the batch of the first. */
  start: number;
  decoded: Decoded[];
  text: PendingText | undefined;
}

/** What a batch has detected so far, over its sub-batches. */
interface Detected {
  /** The pipeline's last detected offset before the batch: messages up to it are replays. */
  from: number;
  /** First and last offset folded in (-1 and `from` for none), and the last one looked at. */
  first: number;
  last: number;
  seen: number;
  replayed: number;
  duplicates: number;
  /** Accepted events, encoded per sub-batch. */
  rows: EncodedEvents[];
  processed: number;
  dead: DeadLetter[];
}

/** What one batch changed, made durable after its detection (see BatchProcessor). */
interface BatchWrite {
  topic: string;
  partition: number;
  /** First and last offset the batch folded into the pipeline. */
  first: number;
  upTo: number;
  /** The accepted events' rows, with the text fingerprints detection computed. */
  rows: EncodedEvents[];
  processed: number;
  dead: DeadLetter[];
  duplicates: number;
  output: PipelineOutput;
  states: DetectorState[];
  commitOffsets: EachBatchPayload['commitOffsetsIfNecessary'];
}

/** Text features of a batch being extracted on the worker thread: `slot[i]` is message i's record, -1 for none. */
interface PendingText {
  slot: Int32Array;
  packed: Promise<Float64Array | undefined>;
}

/** Another consumer stored progress for the partition after this one read it: a rebalance moved it. */
export class PartitionMovedError extends Error {}

function decode(message: KafkaMessage): Decoded {
  const result: ParseResult = message.value
    ? parseEventLine(message.value.toString('utf8'))
    : { ok: false, reason: 'the message has no value' };
  return { message, offset: Number(message.offset), result };
}

/** The valid events after offset `after`: those a sub-batch folds in. */
function eventsAfter(decoded: readonly Decoded[], after: number): RequestLogEvent[] {
  const events: RequestLogEvent[] = [];
  for (const { offset, result } of decoded) if (result.ok && offset > after) events.push(result.event);
  return events;
}

/**
 * The consumer's `eachBatch`. A batch (up to 16 MB of a partition) is processed in sub-batches of
 * SUB_BATCH messages, each decoded and validated, its texts handed to the text worker (the next
 * sub-batch's before this one is detected), the states it needs and the partition's pipeline does
 * not hold read from Redis (always with the partition's applied offset at the batch's start; after
 * that only if a state is missing), what is already detected skipped (a replay after a crash or
 * rebalance), detected, and its accepted events encoded as ClickHouse rows at once: events die
 * young, and the batch's write holds encoded rows. Then the batch's write is queued and the batch
 * handed back to kafkajs, so that the next batch is fetched and detected while this one is written.
 * A partition's writes run one at a time, in order, each making its effects durable in this order:
 * dead letters, events and detection output to ClickHouse (idempotent), states and the offset to
 * Redis (atomically, only over the offset the previous write stored), and only then the Kafka
 * offset is committed. At most one write per partition is in flight while the next batch is
 * detected: a batch is handed back only once the write before it is done.
 *
 * kafkajs fetches from the offsets resolved in memory and commits only what it is told
 * (`autoCommit: false`), so resolving a batch before its write moves the fetch position without
 * committing anything. A crash at any point replays from Redis's offset, which only ever covers
 * stored effects: no request counts twice, no alert is raised twice. A failed write gives the
 * partition's pipeline up (its memory is ahead of what is stored), moves the fetch position back
 * to the first offset not stored, and fails the partition's next batch, so kafkajs retries it as
 * if the batch itself had failed. An offset read from Redis that the pipeline's own writes do not
 * explain (another consumer wrote) gives the pipeline up too, at any sub-batch: the batch starts
 * over on a pipeline loaded from Redis.
 */
export class BatchProcessor {
  private readonly workers = new Map<number, PartitionWorker>();
  private assigned: readonly number[] = [];
  /** A write that failed after its batch was handed back, thrown from the partition's next batch. */
  private readonly failures = new Map<number, Error>();
  private readonly inHand = new Set<Promise<void>>();
  private readonly writing = new Set<Promise<void>>();
  private stopping = false;
  private textWorker: TextFeatureWorker | undefined;

  constructor(private readonly d: BatchProcessorDeps) {
    this.textWorker = d.textWorker;
  }

  /** Keeps the pipelines of partitions still assigned; the state of the others is in Redis for their new owner. */
  assign(topic: string, partitions: readonly number[]): void {
    // The new owner reports their lag now, whether or not a batch of theirs came here.
    for (const p of this.assigned) if (!partitions.includes(p)) this.d.metrics.lag.remove({ topic, partition: String(p) });
    this.assigned = partitions;
    for (const [partition, worker] of this.workers) {
      if (partitions.includes(partition)) continue;
      // Queued writes are dropped; one in flight still stores if ClickHouse answers before its
      // next poll (its Redis write is conditional), else it stops waiting. The new owner replays.
      worker.closed = true;
      this.workers.delete(partition);
      this.failures.delete(partition);
    }
  }

  /**
   * The last stored offset of each partition assigned to this member (undefined before the
   * first): the worker's, or Redis's for a partition no batch of which has come yet.
   */
  async storedOffsets(topic: string): Promise<Map<number, number | undefined>> {
    const offsets = await Promise.all(
      this.assigned.map(async (p) => this.workers.get(p)?.applied ?? (await this.d.states.read(topic, p, [])).offset),
    );
    return new Map(this.assigned.map((p, i) => [p, offsets[i]]));
  }

  /**
   * Takes no more batches, and resolves once the batches in hand are detected and every queued
   * write is done. Writes that go through finish; one waiting on a slow or failing ClickHouse is
   * abandoned, to replay after the restart. The group must still be joined, for the Kafka commits.
   */
  async drain(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inHand]);
    await Promise.allSettled([...this.writing]);
  }

  readonly handle = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale() || this.stopping) return;
    const failure = this.failures.get(batch.partition);
    if (failure) {
      this.failures.delete(batch.partition);
      throw failure;
    }
    const processing = this.process(payload);
    this.inHand.add(processing);
    try {
      await processing;
    } finally {
      this.inHand.delete(processing);
    }
  };

  private async process(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const started = performance.now();
    this.d.metrics.batchMessages.observe(batch.messages.length);
    let moved = await this.detect(payload, this.workers.get(batch.partition));
    // The pipeline was given up for another consumer's progress: the batch again, on one loaded from Redis.
    if (moved) moved = await this.detect(payload, undefined);
    // Moved again meanwhile: nothing is resolved, so kafkajs fetches the batch again.
    if (moved) return;
    this.d.metrics.batchSeconds.observe({ stage: 'total' }, (performance.now() - started) / 1000);
  }

  /**
   * Redis, not Kafka's committed offset, says what is applied. Kafka's can only be ahead if Redis
   * lost writes (a restart without persistence): fetch again from Redis's position, once per
   * worker, so that the gap is detected; a gap that remains (retention deleted it) is reported.
   */
  private behindFetchPosition(worker: PartitionWorker, topic: string, partition: number, first: number): boolean {
    const next = (worker.detected ?? -1) + 1;
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

  /**
   * Detects a batch sub-batch by sub-batch on `existing` (a new pipeline if undefined), then queues
   * its write. True when the offset in Redis showed another consumer's progress: the pipeline is
   * given up (its writes done or skipped) and nothing of the batch is queued.
   */
  private async detect(p: EachBatchPayload, existing: PartitionWorker | undefined): Promise<boolean> {
    const { topic, partition, messages } = p.batch;
    const size = Math.max(1, this.d.subBatch ?? SUB_BATCH);
    let worker = existing;
    let run: Detected | undefined;
    let stateReadMs = 0;
    let detectMs = 0;
    let started = performance.now();
    let next: SubBatch | undefined = this.subBatch(messages, 0, size, worker);
    detectMs += performance.now() - started;
    for (let sub: SubBatch | undefined = next; sub; sub = next) {
      // The states the pipeline does not hold; at the batch's start (for a new pipeline: all its
      // first sub-batch needs) with the offset, which says whether another consumer wrote.
      const fresh = eventsAfter(sub.decoded, worker?.detected ?? -1);
      const ids = fresh.length ? stateIds(fresh, worker?.pipeline) : [];
      if (sub.start === 0 || ids.length > 0) {
        worker?.forgetStored();
        started = performance.now();
        const snapshot = await this.d.states.read(topic, partition, ids);
        stateReadMs += performance.now() - started;
        if (!p.isRunning() || p.isStale() || this.stopping || worker?.closed) {
          if (!run) return false;
          break;
        }
        if (worker && !worker.explains(snapshot.offset)) {
          // Another consumer stored progress in between (a rebalance we did not see), or Redis lost it.
          this.d.log.warn({ partition, held: worker.applied ?? null, stored: snapshot.offset ?? null }, 'partition state changed elsewhere; reloading');
          worker.closed = true;
          this.workers.delete(partition);
          await worker.tail;
          return true;
        }
        if (!worker) {
          worker = new PartitionWorker(snapshot.offset, this.d.pipeline);
          this.workers.set(partition, worker);
          sub.text = this.extractText(sub.decoded, worker.detected);
        }
        worker.useSavedStates(snapshot.states, snapshot.offset);
      }
      // Never undefined here: the batch's first sub-batch always reads, and makes one if need be.
      const w = worker;
      if (!w) return false;
      if (!run) {
        if (this.behindFetchPosition(w, topic, partition, sub.decoded[0].offset)) {
          w.releaseSavedStates();
          return false;
        }
        const from = w.detected ?? -1;
        run = { from, first: -1, last: from, seen: -1, replayed: 0, duplicates: 0, rows: [], processed: 0, dead: [] };
      }
      // The next sub-batch decoded and its texts on the worker thread while this one is detected.
      started = performance.now();
      const end: number = sub.start + sub.decoded.length;
      next = end < messages.length ? this.subBatch(messages, end, size, w) : undefined;
      detectMs += performance.now() - started;
      const packed = await sub.text?.packed;
      started = performance.now();
      let going: boolean;
      try {
        going = await this.detectSub(w, sub, packed, run, p);
      } finally {
        w.releaseSavedStates();
      }
      detectMs += performance.now() - started;
      if (!going) break;
    }
    this.d.metrics.batchSeconds.observe({ stage: 'state_read' }, stateReadMs / 1000);
    this.d.metrics.batchSeconds.observe({ stage: 'detect' }, detectMs / 1000);
    if (worker && run) await this.queue(worker, run, p);
    return false;
  }

  /**
   * Folds a sub-batch into the pipeline and encodes its accepted events' rows; false when told to
   * stop (the messages before are folded in and encoded).
   */
  private async detectSub(worker: PartitionWorker, sub: SubBatch, packed: Float64Array | undefined, run: Detected, p: EachBatchPayload): Promise<boolean> {
    const events: RequestLogEvent[] = [];
    const eventText: Array<TextFeatures | undefined> = [];
    let going = true;
    for (let i = 0; i < sub.decoded.length; i++) {
      const index = sub.start + i;
      if (index > 0 && index % CHUNK === 0) {
        if (!p.isRunning() || p.isStale() || this.stopping || worker.closed) {
          going = false;
          break;
        }
        await p.heartbeat();
        await yieldToLoop();
      }
      const { message, offset, result } = sub.decoded[i];
      run.seen = offset;
      if (offset <= run.from) {
        run.replayed++;
        continue;
      }
      if (run.first < 0) run.first = offset;
      run.last = offset;
      if (!result.ok) {
        run.dead.push({ message, reason: result.reason });
        continue;
      }
      const e = result.event;
      const slot = sub.text ? sub.text.slot[i] : -1;
      const features = packed && slot >= 0 ? unpackTextFeatures(packed, slot) : textFeaturesOf(e.prompt, e.system_prompt);
      if (worker.pipeline.process(e, features)) {
        events.push(e);
        eventText.push(features);
      } else run.duplicates++;
    }
    if (events.length) {
      run.rows.push(this.d.sink.encodeEvents(events, eventText));
      run.processed += events.length;
    }
    return going;
  }

  /** Queues the write of what a batch detected and hands the batch back once the write before it is done. */
  private async queue(worker: PartitionWorker, run: Detected, p: EachBatchPayload): Promise<void> {
    const { topic, partition } = p.batch;
    this.d.metrics.messages.inc({ outcome: 'replayed' }, run.replayed);
    // A write before this batch failed meanwhile: the pipeline is given up and the partition fetched again.
    if (worker.closed) return;
    const { first, last, seen } = run;
    if (last === run.from) {
      // Every message was detected before (a replay): only the fetch position has to move on.
      if (seen < 0) return;
      p.resolveOffset(String(seen));
      if (worker.applied !== undefined && seen <= worker.applied) await this.commitKafka(p.commitOffsetsIfNecessary, topic, partition, seen);
      return;
    }
    const write: BatchWrite = {
      topic,
      partition,
      first,
      upTo: last,
      rows: run.rows,
      processed: run.processed,
      dead: run.dead,
      duplicates: run.duplicates,
      output: worker.pipeline.drain(),
      states: worker.pipeline.takeDirtyStates(),
      commitOffsets: p.commitOffsetsIfNecessary,
    };
    worker.queued(write.states, last);
    const previous = worker.tail;
    const queued = previous.then(() => this.write(worker, write));
    worker.tail = queued;
    this.writing.add(queued);
    void queued.finally(() => this.writing.delete(queued));
    await this.timed('write_wait', () => this.awaitWrite(previous, p));
    // The write before failed: this batch is fetched again from the first offset not stored.
    if (worker.closed) return;
    p.resolveOffset(String(last));
  }

  /** Waits for a partition's previous write, heartbeating so that the consumer keeps its partitions meanwhile. */
  private async awaitWrite(previous: Promise<void>, p: EachBatchPayload): Promise<void> {
    let done = false;
    const settled = previous.then(() => (done = true));
    const { pollMs } = this.d.durableWrite ?? DURABLE_WRITE_DEFAULTS;
    for (;;) {
      await Promise.race([settled, sleep(pollMs, undefined, { ref: false })]);
      if (done) return;
      await p.heartbeat();
    }
  }

  /** Makes a batch's effects durable, in order; never rejects (a failure closes the worker). */
  private async write(worker: PartitionWorker, w: BatchWrite): Promise<void> {
    if (worker.closed) return;
    const { topic, partition } = w;
    try {
      await this.d.deadLetters.send(topic, partition, w.dead);
      const bp = this.d.backpressure;
      let degraded = false;
      const clickhouseStarted = performance.now();
      const stored = await writeDurably(
        () => this.writeClickHouse(w),
        {
          // The batch waiting for this write heartbeats (awaitWrite); with none waiting, kafkajs does between fetches.
          heartbeat: async () => undefined,
          // A stop lets a write that goes through finish; one on a troubled ClickHouse is abandoned, to replay.
          isRunning: () => !worker.closed && !(this.stopping && degraded),
          onDegraded: (reason) => {
            degraded = true;
            bp.degrade(reason);
          },
          onDone: () => bp.recover(),
        },
        this.d.durableWrite ?? DURABLE_WRITE_DEFAULTS,
      );
      this.observe('clickhouse', clickhouseStarted);
      if (!stored) return this.close(worker, w, undefined);
      const committed = await this.timed('state_write', () => this.d.states.commit(topic, partition, worker.applied, w.upTo, w.states));
      if (!committed) throw new PartitionMovedError(`${topic}/${partition}: another consumer stored progress; not overwriting it`);
      worker.stored(w.upTo);
      if (w.output.alerts.length) this.d.onAlerts?.(w.output.alerts);
      const m = this.d.metrics;
      m.messages.inc({ outcome: 'processed' }, w.processed);
      m.messages.inc({ outcome: 'duplicate' }, w.duplicates);
      m.messages.inc({ outcome: 'dead_letter' }, w.dead.length);
      m.deadLetters.inc(w.dead.length);
      if (!worker.closed) await this.commitKafka(w.commitOffsets, topic, partition, w.upTo);
    } catch (err) {
      this.close(worker, w, err as Error);
      // The write is given up and no longer holds consumption back: the partition is fetched again
      // (resumed if paused), and its replayed write decides whether ClickHouse is still in trouble.
      this.d.backpressure.recover();
    }
  }

  /**
   * Gives a partition's pipeline up after a write did not complete: it has detected more than is
   * stored. Unless stopping, the partition is fetched again from the first offset not stored, and
   * its next batch fails with `err` (kafkajs then retries, and crashes once its retries run out).
   */
  private close(worker: PartitionWorker, w: BatchWrite, err: Error | undefined): void {
    const first = !worker.closed;
    worker.closed = true;
    if (err) this.d.log.error({ err, topic: w.topic, partition: w.partition }, 'batch write failed; the partition replays from its stored offset');
    if (!first || this.workers.get(w.partition) !== worker) return;
    this.workers.delete(w.partition);
    if (this.stopping) return;
    try {
      this.d.seek(w.topic, w.partition, worker.applied === undefined ? w.first : worker.applied + 1);
    } catch (seekErr) {
      this.d.log.warn({ err: seekErr, topic: w.topic, partition: w.partition }, 'could not move the fetch position back');
    }
    if (err) this.failures.set(w.partition, err);
  }

  /** Commits Kafka's offset up to `last`; Redis holds the position of record, so a failure is only logged. */
  private async commitKafka(commit: EachBatchPayload['commitOffsetsIfNecessary'], topic: string, partition: number, last: number): Promise<void> {
    try {
      await commit({ topics: [{ topic, partitions: [{ partition, offset: String(last + 1) }] }] });
    } catch (err) {
      this.d.log.warn({ err, topic, partition }, 'Kafka offset not committed; the stored state holds the position');
    }
  }

  private async writeClickHouse(w: BatchWrite): Promise<void> {
    await Promise.all([w.rows.length ? this.d.sink.writeEncodedEvents(w.rows) : undefined, this.d.sink.writeOutput(w.output)]);
  }

  /** Decodes up to `size` messages from `start`; with a worker, their texts go to the text worker at once. */
  private subBatch(messages: readonly KafkaMessage[], start: number, size: number, worker: PartitionWorker | undefined): SubBatch {
    const end = Math.min(messages.length, start + size);
    const decoded = new Array<Decoded>(end - start);
    for (let i = start; i < end; i++) decoded[i - start] = decode(messages[i]);
    return { start, decoded, text: worker && this.extractText(decoded, worker.detected) };
  }

  /** Starts extracting text features of the valid messages after `detected` on the worker thread. */
  private extractText(decoded: readonly Decoded[], detected: number | undefined): PendingText | undefined {
    const worker = this.textWorker;
    if (!worker) return undefined;
    const slot = new Int32Array(decoded.length).fill(-1);
    const events: RequestLogEvent[] = [];
    for (let i = 0; i < decoded.length; i++) {
      const { offset, result } = decoded[i];
      if (!result.ok || offset <= (detected ?? -1)) continue;
      slot[i] = events.length;
      events.push(result.event);
    }
    if (events.length === 0) return undefined;
    const packed = worker.extract(events).catch((err: Error) => {
      // Features are the same wherever extracted: this thread takes over.
      if (this.textWorker === worker) {
        this.textWorker = undefined;
        this.d.log.warn({ err }, 'text feature worker failed; extracting on the consumer thread');
      }
      return undefined;
    });
    return { slot, packed };
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
