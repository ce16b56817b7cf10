import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * Stages of a batch, timed separately so a dashboard shows where the time goes. `total` is the
 * batch in kafkajs's hands (state_read, detect and write_wait, the wait for the partition's
 * previous write); clickhouse and state_write are its own write, which runs after it is handed back.
 */
export type BatchStage = 'state_read' | 'detect' | 'write_wait' | 'clickhouse' | 'state_write' | 'total';

/** The Kafka consumer's Prometheus metrics, on the registry of the process that runs it. */
export class ConsumerMetrics {
  readonly lag: Gauge<'topic' | 'partition'>;
  readonly batchMessages: Histogram;
  readonly batchSeconds: Histogram<'stage'>;
  readonly messages: Counter<'outcome'>;
  readonly deadLetters: Counter;
  readonly pauses: Counter;
  readonly paused: Gauge;
  private lagProbe: (() => Promise<void>) | undefined;

  constructor(registry: Registry) {
    const registers = [registry];
    this.lag = new Gauge({
      name: 'distillguard_consumer_lag',
      help: 'Messages in the partition after the last one whose effects are stored, read from Kafka at each scrape.',
      labelNames: ['topic', 'partition'],
      registers,
      collect: () => this.lagProbe?.(),
    });
    this.batchMessages = new Histogram({
      name: 'distillguard_consumer_batch_messages',
      help: 'Messages per batch handed to the consumer.',
      buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10_000, 25_000],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'distillguard_consumer_batch_seconds',
      help: 'Time per batch by stage: reading state, detection, waiting for the previous write, and the whole until handed back; its ClickHouse and state writes, which run after.',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.messages = new Counter({
      name: 'distillguard_consumer_messages_total',
      help: 'Messages by outcome: processed, duplicate (repeated request_id), replayed (already applied), dead_letter.',
      labelNames: ['outcome'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'distillguard_consumer_dead_letters_total',
      help: 'Invalid messages sent to the dead-letter topic.',
      registers,
    });
    this.pauses = new Counter({
      name: 'distillguard_consumer_pauses_total',
      help: 'Times consumption paused because ClickHouse was slow or failing.',
      registers,
    });
    this.paused = new Gauge({
      name: 'distillguard_consumer_paused',
      help: '1 while consumption is paused for ClickHouse.',
      registers,
    });
  }

  /** What sets `lag` whenever the metrics are read (see LagProbe). */
  measureLag(probe: () => Promise<void>): void {
    this.lagProbe = probe;
  }
}
