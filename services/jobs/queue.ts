import type { z } from 'zod';
import { NotFoundError } from '../store/errors';

/** One kind of job: its queue and payload contract, shared by the side that adds and the side that processes. */
export interface QueueSpec<T> {
  /** A BullMQ queue name, so no ':'. */
  name: string;
  payload: z.ZodType<T>;
  /** Jobs of this queue one worker runs at once. */
  concurrency: number;
  /** At most one job of this queue runs at a time in the whole deployment (on BullMQ, across processes). */
  exclusive?: boolean;
}

/** Every job is retried this way: `attempts` tries in all, waiting backoffMs, 2×, 4×, … between them. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** No retry follows when this try fails. */
  final: boolean;
  /** When the job was due: added plus its delay; for a scheduled job, the time the schedule fired. */
  dueAt: number;
}

export interface AddOptions {
  /**
   * While a job with this id exists (waiting, delayed or running), adding it again does nothing;
   * once it has finished, the same id can run again, so processors stay idempotent. No ':'.
   */
  jobId: string;
  delayMs?: number;
}

/** What a backend runs for each job; the registry builds it around a processor. */
export type JobHandler = (data: unknown, ctx: JobContext) => Promise<void>;

export interface WorkerEvents {
  /** The backend could not talk to its queue (Redis down, say); jobs wait meanwhile. */
  error(err: Error): void;
  /** A running job's worker went away; the job runs again. */
  stalled(jobId: string): void;
}

/**
 * Where jobs wait and run: in this process (embedded `serve`) or in Redis through BullMQ
 * (scale-out). Both give the same guarantees to processors: de-duplication by job id while the
 * job exists, retries with exponential backoff, delayed jobs, and cron schedules in UTC.
 */
export interface JobBackend {
  add(queue: string, data: unknown, options: AddOptions): Promise<void>;
  work(spec: QueueSpec<unknown>, handler: JobHandler, events: WorkerEvents): void;
  /** Adds `data` to `queue` on each `cron` time; calling it again with the same id replaces the schedule. */
  schedule(queue: string, schedulerId: string, cron: string, data: unknown): Promise<void>;
  /** Stops taking jobs, waits for the running ones, then releases its connections. */
  close(): Promise<void>;
}

/** A failure that retrying cannot fix (a payload that does not validate, a subject that is gone). */
export class PermanentJobError extends Error {}

/** A job's subject that is not found stays so: its lookup fails the job for good. */
export async function mustExist<T>(lookup: Promise<T>): Promise<T> {
  return lookup.catch((err: unknown) => {
    throw err instanceof NotFoundError ? new PermanentJobError(err.message) : err;
  });
}

/** Whether a try that threw `err` was the job's last. */
export function isFinal(ctx: JobContext, err: unknown): boolean {
  return ctx.final || err instanceof PermanentJobError;
}

/** Adds jobs of one queue, validated against its payload schema before they leave. */
export class Producer<T> {
  constructor(
    private readonly backend: Pick<JobBackend, 'add'>,
    private readonly spec: QueueSpec<T>,
  ) {}

  add(payload: T, options: AddOptions): Promise<void> {
    return this.backend.add(this.spec.name, this.spec.payload.parse(payload), options);
  }
}

/** Exponential backoff as BullMQ computes it: the wait before try `attempt + 1`. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.round(2 ** (attempt - 1) * policy.backoffMs);
}
