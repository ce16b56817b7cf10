import type { Consumer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerMetrics } from './metrics';

export interface BackpressureOptions {
  /** Rows queued for ClickHouse above which consumption pauses. */
  pauseAtBacklog: number;
  /** ... and below which it may resume. */
  resumeAtBacklog: number;
  /** How often the backlog is looked at while nothing else happens (a paused consumer fetches nothing). */
  checkEveryMs: number;
}

export const BACKPRESSURE_DEFAULTS: BackpressureOptions = {
  pauseAtBacklog: 200_000,
  resumeAtBacklog: 50_000,
  checkEveryMs: 250,
};

/**
 * Pauses the topic while ClickHouse is slow or failing, resumes when it has recovered. Unread
 * messages stay in Kafka, so nothing is lost; the batch already in hand waits for its write.
 */
export class Backpressure {
  private paused = false;
  private degraded = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly consumer: Pick<Consumer, 'pause' | 'resume'>,
    private readonly topic: string,
    private readonly backlog: () => number,
    private readonly metrics: ConsumerMetrics,
    private readonly log: Logger,
    private readonly options: BackpressureOptions = BACKPRESSURE_DEFAULTS,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.evaluate(), this.options.checkEveryMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** A write is slow or has failed. */
  degrade(reason: string): void {
    if (!this.degraded) this.log.warn({ reason }, 'ClickHouse degraded');
    this.degraded = true;
    this.evaluate();
  }

  /** A write went through. */
  recover(): void {
    this.degraded = false;
    this.evaluate();
  }

  private evaluate(): void {
    const backlog = this.backlog();
    if (!this.paused && (this.degraded || backlog >= this.options.pauseAtBacklog)) {
      this.consumer.pause([{ topic: this.topic }]);
      this.paused = true;
      this.metrics.pauses.inc();
      this.metrics.paused.set(1);
      this.log.warn({ backlog, degraded: this.degraded }, 'consumption paused for ClickHouse');
    } else if (this.paused && !this.degraded && backlog <= this.options.resumeAtBacklog) {
      this.consumer.resume([{ topic: this.topic }]);
      this.paused = false;
      this.metrics.paused.set(0);
      this.log.info({ backlog }, 'consumption resumed');
    }
  }
}
