import { setTimeout as sleep } from 'node:timers/promises';

export interface DurableWriteHooks {
  /** kafkajs's batch heartbeat: keeps the partitions while we wait; throws once a rebalance began. */
  heartbeat: () => Promise<void>;
  /** False once the consumer is stopping: the wait is abandoned and the batch replays next time. */
  isRunning: () => boolean;
  /** The write has taken longer than `slowAfterMs`, or failed and will be tried again. */
  onDegraded: (reason: string) => void;
  onDone: () => void;
}

export interface DurableWriteOptions {
  slowAfterMs: number;
  /** A write still failing after this long fails the batch (and, after kafkajs's retries, the process). */
  giveUpAfterMs: number;
  pollMs: number;
}

export const DURABLE_WRITE_DEFAULTS: DurableWriteOptions = { slowAfterMs: 2_000, giveUpAfterMs: 10 * 60_000, pollMs: 1_000 };

const RETRY_MS = [500, 1_000, 2_000, 5_000];

/**
 * Runs `write` until it succeeds, heartbeating while it waits: a ClickHouse outage then pauses
 * the partition's progress without costing the consumer its partitions, and the batch's work is
 * kept rather than redone. Resolves false when the consumer stops first.
 */
export async function writeDurably(
  write: () => Promise<void>,
  hooks: DurableWriteHooks,
  options: DurableWriteOptions = DURABLE_WRITE_DEFAULTS,
): Promise<boolean> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const outcome = await waitFor(write(), hooks, options, started);
    if (outcome === 'done') {
      hooks.onDone();
      return true;
    }
    if (outcome === 'stopped') return false;
    hooks.onDegraded(`write failed: ${outcome.error.message}`);
    if (Date.now() - started > options.giveUpAfterMs) throw outcome.error;
    const until = Date.now() + RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
    while (Date.now() < until) {
      if (!hooks.isRunning()) return false;
      await hooks.heartbeat();
      await sleep(Math.min(options.pollMs, until - Date.now()), undefined, { ref: false });
    }
  }
}

async function waitFor(
  pending: Promise<void>,
  hooks: DurableWriteHooks,
  options: DurableWriteOptions,
  started: number,
): Promise<'done' | 'stopped' | { error: Error }> {
  let settled: 'done' | { error: Error } | undefined;
  // Settles the flag only: a rejection after we stopped waiting is not left unhandled.
  const watched = pending.then(
    () => (settled = 'done'),
    (error: Error) => (settled = { error }),
  );
  for (;;) {
    await Promise.race([watched, sleep(options.pollMs, undefined, { ref: false })]);
    if (settled) return settled;
    if (!hooks.isRunning()) return 'stopped';
    if (Date.now() - started >= options.slowAfterMs) hooks.onDegraded('write is slow');
    await hooks.heartbeat();
  }
}
