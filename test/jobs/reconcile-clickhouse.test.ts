import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '../../schemas/config';
import type { PolicyFile } from '../../schemas/enforcement';
import type { Actions } from '../../services/jobs/runtime';
import { startActions } from '../../services/jobs/runtime';
import type { ClickHouseStore } from '../../services/store/clickhouse/store';
import { openClickHouseStore } from '../../services/store/clickhouse/store';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';
import { eventually } from '../support/eventually';
import { makeAlert, outputOf } from '../support/fixtures';
import { startWebhookServer } from '../support/webhook-server';
import { dropPrefix, REDIS_URL, SECRET, uniquePrefix } from './actions-harness';

// Scale-out: a consumer wrote an alert to ClickHouse and died before its hook added the jobs; later
// Redis lost the queues (a throttle's delayed expiry job with them). Each restart's reconcile sweep
// repairs what is missing, and nothing is done twice.

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const db = testDatabase();
afterAll(() => db.drop());

const POLICY: PolicyFile = {
  mode: 'enforce',
  rules: [{ name: 'high-throttle', min_severity: 'high', action: { type: 'throttle', limit_rpm: 60 }, duration_minutes: 3 / 60 }],
};

test('on ClickHouse and BullMQ, an alert never handed over is acted on, and its lost expiry done, after restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dg-reconcile-ch-'));
  const prefix = uniquePrefix();
  const enforcement = await startWebhookServer();
  const notify = await startWebhookServer();
  writeFileSync(join(dataDir, 'policy.json'), JSON.stringify(POLICY));
  const config = loadConfig(
    { dataDir },
    {
      CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: db.name,
      CLICKHOUSE_FLUSH_INTERVAL_MS: '50',
      REDIS_URL,
      DISTILLGUARD_REDIS_PREFIX: prefix,
      DISTILLGUARD_JOB_ATTEMPTS: '3',
      DISTILLGUARD_JOB_BACKOFF_MS: '100',
      DISTILLGUARD_JOB_LOCK_MS: '1000',
      DISTILLGUARD_WEBHOOK_SECRET: SECRET,
      DISTILLGUARD_POLICY_FILE: join(dataDir, 'policy.json'),
      DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL: enforcement.url,
      DISTILLGUARD_NOTIFY_WEBHOOKS: notify.url,
    },
  );
  let store: ClickHouseStore | undefined;
  let actions: Actions | undefined;
  const start = async () => {
    store = await openClickHouseStore(config, { log });
    actions = await startActions(config, store, { log, metrics: new Registry() });
    return { store, actions };
  };
  /** Stops, and Redis loses every job of the deployment. */
  const stop = async () => {
    await actions?.close();
    await store?.close();
    actions = store = undefined;
    await dropPrefix(prefix);
  };
  try {
    const alert = makeAlert({ alert_id: 'al_ch_lost', api_key_id: 'key-ch', account_id: 'acct-ch', severity: 'high', score: 0.8 });
    // The consumer's batch: alerts written to ClickHouse, then the process died before `onAlerts`.
    const consumer = await openClickHouseStore(config, { log });
    await consumer.writeOutput(outputOf({ alerts: [alert] }));
    await consumer.close();

    let run = await start();
    const [applied] = await enforcement.waitFor(1);
    expect(applied.json).toMatchObject({ type: 'enforcement.applied', decision: { api_key_id: 'key-ch', alert_id: 'al_ch_lost' } });
    await notify.waitFor(1);
    const [decision] = (await run.store.listDecisions({ limit: 10 })).items;
    await stop();

    // Its `until` passes while nothing runs; the restart's sweep expires it and announces it.
    await new Promise((r) => setTimeout(r, Math.max(0, decision.until - Date.now()) + 300));
    run = await start();
    const expired = await eventually('the expiry', async () => {
      const d = await run.store.getDecision(decision.decision_id);
      return d.ended_at !== null ? d : undefined;
    });
    expect(expired).toMatchObject({ status: 'expired', ended_by: 'system' });
    await enforcement.waitFor(2);
    // Sweeping again changes nothing.
    expect(await run.actions.reconciler.run()).toMatchObject({ decisions: 0, failed: 0 });
    await new Promise((r) => setTimeout(r, 700));
    expect(enforcement.received.map((r) => r.json.type)).toEqual(['enforcement.applied', 'enforcement.expired']);
    expect(notify.received).toHaveLength(1);
    expect((await run.store.listDecisions({ limit: 10 })).items).toHaveLength(1);
  } finally {
    await stop();
    await enforcement.close();
    await notify.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
