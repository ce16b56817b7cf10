import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient } from './transient';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the first retry; each further one waits twice as long, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

/** Runs `send`, retrying transient failures (see `isTransient`); rethrows anything else at once. */
export async function withRetry<T>(
  send: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (err: unknown, attempt: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Awaited here: a promise returned unawaited would reject outside this try, never retried.
      return await send();
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err)) throw err;
      onRetry?.(err, attempt);
      await sleep(Math.min(policy.backoffMs * 2 ** (attempt - 1), policy.maxBackoffMs));
    }
  }
}
