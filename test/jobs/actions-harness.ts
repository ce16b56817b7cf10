import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { PolicyFile } from '../../schemas/enforcement';
import { loadConfig } from '../../schemas/config';
import type { Actions } from '../../services/jobs/runtime';
import { startActions } from '../../services/jobs/runtime';
import { SqliteStore } from '../../services/store/sqlite/store';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
export const SECRET = 'webhook-secret-0123456789';

export type JobMode = 'in-process' | 'bullmq';

export interface ActionsUnderTest {
  store: SqliteStore;
  actions: Actions;
  metrics: Registry;
  /** The deployment's Redis key prefix: unique per test, so that runs never share queues. */
  prefix: string;
  dataDir: string;
  /** Completed runs of a queue so far, from the job metrics. */
  completed(queue: string): Promise<number>;
  close(): Promise<void>;
}

/** A fresh prefix that several engineers' test runs on one Redis cannot collide on. */
export const uniquePrefix = () => `dgtest-${randomBytes(6).toString('hex')}`;

/** Deletes every key of a test's prefix. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

/**
 * The real acting-on-alerts runtime of `serve` over a real SQLite store, with jobs in process or
 * on BullMQ (real Redis), and the given policy and environment.
 */
export async function startActionsUnderTest(
  mode: JobMode,
  o: { policy?: PolicyFile; env?: Record<string, string>; prefix?: string; dataDir?: string } = {},
): Promise<ActionsUnderTest> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'dg-actions-'));
  const prefix = o.prefix ?? uniquePrefix();
  const env: Record<string, string> = {
    DISTILLGUARD_REDIS_PREFIX: prefix,
    DISTILLGUARD_JOB_ATTEMPTS: '3',
    DISTILLGUARD_JOB_BACKOFF_MS: '100',
    DISTILLGUARD_JOB_LOCK_MS: '1000',
    DISTILLGUARD_WEBHOOK_SECRET: SECRET,
    ...(mode === 'bullmq' && { REDIS_URL }),
    ...o.env,
  };
  if (o.policy) {
    const file = join(dataDir, 'policy.json');
    writeFileSync(file, JSON.stringify(o.policy));
    env.DISTILLGUARD_POLICY_FILE = file;
  }
  const config = loadConfig({ dataDir }, env);
  const store = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: 7 });
  const metrics = new Registry();
  const actions = await startActions(config, store, { log: pino({ level: process.env.TEST_LOG ?? 'silent' }), metrics });
  return {
    store,
    actions,
    metrics,
    prefix,
    dataDir,
    async completed(queue) {
      const runs = (await metrics.getSingleMetric('distillguard_jobs_total')?.get())?.values ?? [];
      return runs.filter((v) => v.labels.queue === queue && v.labels.outcome === 'completed').reduce((n, v) => n + v.value, 0);
    },
    async close() {
      await actions.close();
      await store.close();
      if (mode === 'bullmq') await dropPrefix(prefix);
      if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
