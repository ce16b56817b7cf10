import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BullmqBackend } from '../../services/jobs/bullmq';
import { Producer } from '../../services/jobs/queue';
import { EVALUATE, jobIds } from '../../services/jobs/queues';
import { SqliteStore } from '../../services/store/sqlite/store';
import { eventually } from '../support/eventually';
import { makeAlert, outputOf } from '../support/fixtures';
import { startWebhookServer } from '../support/webhook-server';
import { dropPrefix, REDIS_URL, uniquePrefix } from './actions-harness';

// A BullMQ worker process is SIGKILLed while a job is running (its webhook request is held
// open); a new worker process on the same Redis finishes that job once the dead worker's lock
// has expired.

const ROOT = join(__dirname, '..', '..');
const POLICY = { mode: 'enforce', rules: [{ name: 'high', min_severity: 'high', action: { type: 'throttle', limit_rpm: 10 }, duration_minutes: 5 }] };

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/swc-register.js'), join(__dirname, 'actions-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.includes('workers ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

test('a job whose worker was killed mid-job is finished by the next worker', async () => {
  const prefix = uniquePrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'dg-crash-'));
  // The first webhook request is never answered: the worker is killed while waiting for it.
  const hook = await startWebhookServer((n) => (n === 1 ? 'hang' : 200));
  const store = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: 7 });
  const producer = new BullmqBackend({ url: REDIS_URL, prefix, retry: { attempts: 3, backoffMs: 100 }, lockMs: 1000 });
  const env = { TEST_PREFIX: prefix, TEST_DATA_DIR: dataDir, TEST_POLICY: JSON.stringify(POLICY), TEST_WEBHOOK_URL: hook.url };
  const workers: ChildProcess[] = [];
  try {
    workers.push(await startWorker(env));
    await store.writeOutput(outputOf({ alerts: [makeAlert({ alert_id: 'al_crash', api_key_id: 'key-crash', severity: 'high', score: 0.9 })] }));
    const job = { alert_id: 'al_crash', severity: 'high' as const };
    await new Producer(producer, EVALUATE).add(job, { jobId: jobIds.evaluate(job) });

    const [held] = await hook.waitFor(1);
    workers[0].kill('SIGKILL');
    await exited(workers[0]);
    const [decision] = (await store.listDecisions({ limit: 10 })).items;
    const webhookOf = (d: typeof decision) => d.deliveries.find((x) => x.channel === 'webhook');
    expect(webhookOf(decision)).toBeUndefined();

    const killedAt = Date.now();
    workers.push(await startWorker(env));
    const [, retried] = await hook.waitFor(2, 30_000);
    // Not before the dead worker's lock (1 s) ran out.
    expect(retried.at - killedAt).toBeGreaterThanOrEqual(900);
    expect(retried.headers['x-distillguard-delivery']).toBe(held.headers['x-distillguard-delivery']);
    const delivered = await eventually('the delivery to be recorded', async () => {
      const d = webhookOf(await store.getDecision(decision.decision_id));
      return d?.status === 'sent' ? d : undefined;
    });
    expect(delivered).toMatchObject({ channel: 'webhook', event: 'applied' });
    // Evaluated once, before the crash: one decision.
    expect((await store.listDecisions({ limit: 10 })).items).toHaveLength(1);
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    await producer.close();
    await store.close();
    await hook.close();
    await dropPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
