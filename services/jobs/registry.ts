import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import type { JobBackend, JobContext, JobHandler, QueueSpec } from './queue';
import { isFinal, PermanentJobError } from './queue';

/** A processor of one queue, and what to record once one of its jobs has failed for good. */
export interface JobDefinition<T> {
  spec: QueueSpec<T>;
  process(payload: T, ctx: JobContext): Promise<void>;
  /** After the last try, or a permanent error: make the failure visible where users look. */
  onFailed?(payload: T, ctx: JobContext, err: Error): Promise<void>;
}

class JobMetrics {
  readonly runs: Counter<'queue' | 'outcome'>;
  readonly seconds: Histogram<'queue'>;
  readonly stalls: Counter<'queue'>;

  constructor(registry: Registry) {
    this.runs = new Counter({
      name: 'distillguard_jobs_total',
      help: 'Job runs by queue and outcome: completed, retry (failed, will run again) or failed (for good).',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    });
    this.seconds = new Histogram({
      name: 'distillguard_job_duration_seconds',
      help: 'Time a job run took, by queue.',
      labelNames: ['queue'],
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    });
    this.stalls = new Counter({
      name: 'distillguard_jobs_stalled_total',
      help: 'Jobs taken over from a worker that went away.',
      labelNames: ['queue'],
      registers: [registry],
    });
  }
}

/**
 * Starts a worker for every queue, each processor wrapped the same way: payload validated,
 * run timed and counted, failures logged, and a final failure handed to `onFailed`.
 */
export function startWorkers(
  backend: JobBackend,
  // The definitions differ in payload type; each one's processor only ever sees its own.
  definitions: ReadonlyArray<JobDefinition<any>>, // eslint-disable-line @typescript-eslint/no-explicit-any
  deps: { log: Logger; metrics: Registry },
): void {
  const metrics = new JobMetrics(deps.metrics);
  for (const def of definitions) {
    const log = deps.log.child({ queue: def.spec.name });
    backend.work(def.spec as QueueSpec<unknown>, wrap(def, log, metrics), {
      error: (err) => log.error({ err }, 'job queue error'),
      stalled: (jobId) => {
        metrics.stalls.inc({ queue: def.spec.name });
        log.warn({ job_id: jobId }, 'job stalled; it runs again');
      },
    });
  }
}

function wrap<T>(def: JobDefinition<T>, log: Logger, metrics: JobMetrics): JobHandler {
  const queue = def.spec.name;
  return async (data, ctx) => {
    const parsed = def.spec.payload.safeParse(data);
    if (!parsed.success) {
      metrics.runs.inc({ queue, outcome: 'failed' });
      log.error({ job_id: ctx.jobId, issues: parsed.error.issues }, 'job payload invalid; dropped');
      throw new PermanentJobError(`invalid payload: ${z.prettifyError(parsed.error)}`);
    }
    const end = metrics.seconds.startTimer({ queue });
    try {
      await def.process(parsed.data, ctx);
      metrics.runs.inc({ queue, outcome: 'completed' });
      log.debug({ job_id: ctx.jobId, attempt: ctx.attempt }, 'job completed');
    } catch (e) {
      const err = e as Error;
      const final = isFinal(ctx, err);
      metrics.runs.inc({ queue, outcome: final ? 'failed' : 'retry' });
      log[final ? 'error' : 'warn']({ job_id: ctx.jobId, attempt: ctx.attempt, err }, final ? 'job failed for good' : 'job failed; it will be retried');
      if (final) await def.onFailed?.(parsed.data, ctx, err).catch((e2: unknown) => log.error({ err: e2 }, 'recording a job failure failed'));
      throw err;
    } finally {
      end();
    }
  };
}
