import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Gauge } from 'prom-client';

/** Longer than a scrape should wait: Prometheus gives up after 10 s by default. */
const READ_TIMEOUT_MS = 5000;

/**
 * Consumer lag per partition this member holds: messages after the last one whose effects are
 * stored. Read when Prometheus scrapes, with the partitions' ends asked of Kafka then, rather than
 * taken from the last batch: a consumer paused for ClickHouse or stuck gets no batches, and that
 * is when its lag must keep rising. A read that fails or takes too long leaves the last values.
 */
export class LagProbe {
  private admin: Promise<Admin> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    /** The last stored offset of each partition held (undefined before the first), by partition. */
    private readonly stored: () => Promise<Map<number, number | undefined>>,
    private readonly gauge: Gauge<'topic' | 'partition'>,
    private readonly log: Logger,
  ) {}

  async refresh(): Promise<void> {
    if (this.closed) return;
    const timeout = sleep(READ_TIMEOUT_MS, undefined, { ref: false }).then(() => {
      throw new Error(`no answer from Kafka or Redis in ${READ_TIMEOUT_MS} ms`);
    });
    try {
      const lags = await Promise.race([this.read(), timeout]);
      for (const [partition, lag] of lags) this.gauge.set({ topic: this.topic, partition: String(partition) }, lag);
    } catch (err) {
      this.log.warn({ err }, 'consumer lag not measured; the gauge keeps its last values');
    }
  }

  /** Disconnects; later scrapes leave the gauge as it is. */
  async close(): Promise<void> {
    this.closed = true;
    const admin = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await admin?.disconnect();
  }

  private async read(): Promise<Map<number, number>> {
    const admin = await this.connected();
    const [ends, stored] = await Promise.all([admin.fetchTopicOffsets(this.topic), this.stored()]);
    const lags = new Map<number, number>();
    for (const end of ends) {
      if (!stored.has(end.partition)) continue;
      // Before anything is stored, what retention has deleted is not lag either.
      const last = Math.max(stored.get(end.partition) ?? -1, Number(end.low) - 1);
      lags.set(end.partition, Math.max(0, Number(end.high) - 1 - last));
    }
    return lags;
  }

  /** One admin connection for the consumer's life, made at the first scrape; a failed one is tried again at the next. */
  private connected(): Promise<Admin> {
    // A scrape under way when the consumer stops must not open a connection nobody closes.
    if (this.closed) return Promise.reject(new Error('the consumer has stopped'));
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}
