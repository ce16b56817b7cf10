import type { Job } from 'bullmq';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { AddOptions, JobBackend, JobHandler, QueueSpec, RetryPolicy, WorkerEvents } from './queue';
import { PermanentJobError } from './queue';

export interface BullmqOptions {
  url: string;
  /** Key prefix of this deployment's queues. */
  prefix: string;
  retry: RetryPolicy;
  /** How long a crashed worker's job stays locked before another worker runs it again. */
  lockMs: number;
}

const DAY_S = 86_400;

/**
 * The scale-out backend: BullMQ queues and workers on Redis. Jobs survive restarts; a job whose
 * worker died is taken over by another worker once its lock expires (lockMs).
 */
export class BullmqBackend implements JobBackend {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  // Adding fails fast while Redis is unreachable (no offline queue), so a caller that must not
  // block, like the detection hook, hears about it at once instead of buffering without bound.
  private readonly producerConnection: IORedis;
  // Workers block on Redis; BullMQ requires them to retry forever rather than fail a command.
  private readonly workerConnection: IORedis;

  constructor(private readonly options: BullmqOptions) {
    this.producerConnection = new IORedis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.workerConnection = new IORedis(options.url, { maxRetriesPerRequest: null });
  }

  async add(queue: string, data: unknown, { jobId, delayMs }: AddOptions): Promise<void> {
    await this.queue(queue).add(queue, data, { jobId, delay: delayMs });
  }

  work(spec: QueueSpec<unknown>, handler: JobHandler, events: WorkerEvents): void {
    const { retry, prefix, lockMs } = this.options;
    const worker = new Worker(
      spec.name,
      async (job: Job) => {
        const attempt = job.attemptsMade + 1;
        const ctx = { jobId: job.id!, attempt, final: attempt >= retry.attempts, dueAt: job.timestamp + (job.opts.delay ?? 0) };
        try {
          await handler(job.data, ctx);
        } catch (err) {
          throw err instanceof PermanentJobError ? new UnrecoverableError(err.message) : err;
        }
      },
      {
        connection: this.workerConnection,
        prefix,
        concurrency: spec.concurrency,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        autorun: !spec.exclusive,
      },
    );
    worker.on('error', (err) => events.error(err));
    worker.on('stalled', (jobId) => events.stalled(jobId));
    this.workers.push(worker);
    if (spec.exclusive) {
      // BullMQ's global concurrency holds for every worker of the queue; it is set (it stays in
      // Redis) before this worker takes a job.
      this.queue(spec.name)
        .setGlobalConcurrency(1)
        .then(() => worker.run())
        .catch((err: Error) => events.error(err));
    }
  }

  async schedule(queue: string, schedulerId: string, cron: string, data: unknown): Promise<void> {
    await this.queue(queue).upsertJobScheduler(schedulerId, { pattern: cron, tz: 'UTC' }, { name: queue, data });
  }

  async close(): Promise<void> {
    // Workers first: close() waits for their running jobs, which may still add jobs.
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([this.producerConnection.quit(), this.workerConnection.quit()]);
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.producerConnection,
        prefix: this.options.prefix,
        defaultJobOptions: {
          attempts: this.options.retry.attempts,
          backoff: { type: 'exponential', delay: this.options.retry.backoffMs },
          // Finished jobs are kept a while for inspection; idempotency does not rely on them.
          removeOnComplete: { age: DAY_S, count: 10_000 },
          removeOnFail: { age: 7 * DAY_S },
        },
      });
      this.queues.set(name, q);
    }
    return q;
  }
}
