import { parseExpression } from 'cron-parser';
import type { AddOptions, JobBackend, JobHandler, QueueSpec, RetryPolicy, WorkerEvents } from './queue';
import { backoffDelay, PermanentJobError } from './queue';

interface LocalJob {
  id: string;
  data: unknown;
  dueAt: number;
  attempt: number;
}

// setTimeout takes at most 2^31-1 ms (about 24.8 days); longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One queue of the in-process backend: jobs exist from add until they finish or fail for good. */
class LocalQueue {
  readonly jobs = new Map<string, LocalJob>();
  private readonly waiting: LocalJob[] = [];
  private running = 0;
  private worker: { handler: JobHandler; concurrency: number } | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly retry: RetryPolicy,
    private readonly timers: Timers,
  ) {}

  add(data: unknown, { jobId, delayMs = 0 }: AddOptions): void {
    if (this.jobs.has(jobId)) return;
    const job: LocalJob = { id: jobId, data, dueAt: Date.now() + delayMs, attempt: 1 };
    this.jobs.set(jobId, job);
    this.timers.after(delayMs, () => this.enqueue(job));
  }

  work(handler: JobHandler, concurrency: number): void {
    this.worker = { handler, concurrency };
    this.pump();
  }

  /** Resolves once no job of this queue is running. */
  drain(): Promise<void> {
    this.worker = undefined;
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }

  private enqueue(job: LocalJob): void {
    this.waiting.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.worker && this.running < this.worker.concurrency && this.waiting.length) {
      void this.run(this.worker.handler, this.waiting.shift()!);
    }
  }

  private async run(handler: JobHandler, job: LocalJob): Promise<void> {
    this.running++;
    const final = job.attempt >= this.retry.attempts;
    try {
      await handler(job.data, { jobId: job.id, attempt: job.attempt, final, dueAt: job.dueAt });
      this.jobs.delete(job.id);
    } catch (err) {
      if (final || err instanceof PermanentJobError) this.jobs.delete(job.id);
      else this.timers.after(backoffDelay(this.retry, job.attempt++), () => this.enqueue(job));
    } finally {
      this.running--;
      if (this.running === 0) this.idle?.();
      this.pump();
    }
  }
}

/** The pending timers of the backend, so that close() can cancel them all. */
class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    if (ms <= 0) return void queueMicrotask(fn);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, Math.min(ms, MAX_TIMER_MS));
    this.pending.add(timer);
  }

  /** Calls `fn` at `at` (epoch ms), however far ahead. */
  at(at: number, fn: () => void): void {
    const wait = at - Date.now();
    this.after(wait, () => (wait > MAX_TIMER_MS ? this.at(at, fn) : fn()));
  }

  clear(): void {
    this.stopped = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}

/**
 * The embedded backend: queues in memory, with BullMQ's semantics for what processors can see.
 * Jobs do not survive the process; what was still waiting (delayed expiries included) is added
 * again by the next start's reconcile sweep (reconcile.ts), and decisions and deliveries are
 * idempotent in the store (see docs/enforcement-gateway.md, "Durability").
 */
export class InProcessBackend implements JobBackend {
  private readonly queues = new Map<string, LocalQueue>();
  private readonly timers = new Timers();
  private closed = false;

  constructor(private readonly retry: RetryPolicy) {}

  async add(queue: string, data: unknown, options: AddOptions): Promise<void> {
    if (this.closed) throw new Error('the job backend is closed');
    this.queue(queue).add(data, options);
  }

  work(spec: QueueSpec<unknown>, handler: JobHandler, _events: WorkerEvents): void {
    this.queue(spec.name).work(handler, spec.concurrency);
  }

  async schedule(queue: string, schedulerId: string, cron: string, data: unknown): Promise<void> {
    const next = parseExpression(cron, { tz: 'UTC', currentDate: new Date() }).next().getTime();
    this.timers.at(next, () => {
      if (this.closed) return;
      this.queue(queue).add(data, { jobId: `${schedulerId}-${next}` });
      void this.schedule(queue, schedulerId, cron, data);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.clear();
    await Promise.all([...this.queues.values()].map((q) => q.drain()));
  }

  private queue(name: string): LocalQueue {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = new LocalQueue(this.retry, this.timers)));
    return q;
  }
}
