import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../schemas/alert';
import type { PolicyFile } from '../../schemas/enforcement';
import { SqliteStore } from '../../services/store/sqlite/store';
import { eventually } from '../support/eventually';
import { makeAlert, outputOf, T0 } from '../support/fixtures';
import type { WebhookServer } from '../support/webhook-server';
import { startWebhookServer } from '../support/webhook-server';
import type { ActionsUnderTest, JobMode } from './actions-harness';
import { startActionsUnderTest } from './actions-harness';

// The hand-over from detection to jobs is made at least once by the reconcile sweep: an alert
// committed by detection whose jobs were never added (a crash between the commit and the hook),
// and a throttle whose expiry job was lost with its queue, are acted on after a restart, and
// nothing is done twice however often the sweep runs. Real SQLite store, jobs in process or on
// BullMQ (real Redis), real webhook receivers.

const rule = (duration_minutes: number) => ({
  name: 'high-throttle',
  min_severity: 'high' as const,
  action: { type: 'throttle' as const, limit_rpm: 60 },
  duration_minutes,
});

const keyAlert = makeAlert({ alert_id: 'al_lost', api_key_id: 'key-lost', account_id: 'acct-lost', severity: 'high', score: 0.8 });
const members = ['m-1', 'm-2', 'm-3'];
const clusterAlert: Alert = makeAlert({
  alert_id: 'al_lost_cluster',
  kind: 'cluster',
  api_key_id: members[0],
  account_id: 'acct-m1',
  related_api_key_ids: members,
  severity: 'high',
  score: 0.85,
  signals: [{ detector: 'cluster', score: 0.85, summary: 'linked keys', evidence: { members: 3 } }],
});
/** Detected more than the lookback (7 days of event time) before the newest alert: not swept. */
const oldAlert = makeAlert({ alert_id: 'al_old', api_key_id: 'key-old', severity: 'high', score: 0.8, detected_at: T0 - 8 * 24 * 3600_000 });
/** The members' traffic, from which their accounts are known. */
const memberHours = members.map((k, i) => ({ api_key_id: k, account_id: `acct-m${i + 1}`, hour: T0, requests: 40, tokens: 9000, max_score: 0.3 }));

const counter = async (t: ActionsUnderTest, name: string) => (await t.metrics.getSingleMetric(name)?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
const settle = () => new Promise((r) => setTimeout(r, 700));

describe.each<JobMode>(['in-process', 'bullmq'])('reconcile with jobs %s', (mode) => {
  let dataDir: string;
  let enforcement: WebhookServer;
  let notify: WebhookServer;
  let t: ActionsUnderTest | undefined;

  /** `serve` starting (again) on the same data directory; the webhook receivers stay the same. */
  const start = async (policy: PolicyFile, env: Record<string, string> = {}) => {
    t = await startActionsUnderTest(mode, {
      dataDir,
      policy,
      // One alert or decision per page, so that the sweep pages.
      env: { DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL: enforcement.url, DISTILLGUARD_NOTIFY_WEBHOOKS: notify.url, DISTILLGUARD_RECONCILE_PAGE_SIZE: '1', ...env },
    });
    return t;
  };
  /** A stop, or a crash as far as jobs go: in process they die; on BullMQ the harness drops the prefix (Redis lost them). */
  const stop = async () => {
    await t?.close();
    t = undefined;
  };

  /** What the enforcement receiver answers to its n-th request; 200 unless a test says otherwise. */
  let answer: (n: number) => number;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dg-reconcile-'));
    answer = () => 200;
    enforcement = await startWebhookServer((n) => answer(n));
    notify = await startWebhookServer();
  });
  afterEach(async () => {
    await stop();
    await enforcement.close();
    await notify.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('acts on alerts committed but never handed over, once, however often the sweep runs', async () => {
    const policy: PolicyFile = { mode: 'enforce', rules: [rule(60)] };
    // Detection committed its batch (alerts, traffic, position in one transaction) and the process
    // died before the hook added any job.
    const store = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: 7 });
    await store.commitBatch({ output: outputOf({ alerts: [oldAlert, keyAlert, clusterAlert], hours: memberHours }), states: [], position: { source: 'journal', offset: '42' } });
    await store.close();

    // The restart's start-up sweep hands both alerts over: the key, and every member of the cluster.
    let run = await start(policy);
    await enforcement.waitFor(4);
    await notify.waitFor(2);
    await eventually('the sweep to be counted', async () => ((await counter(run, 'distillguard_reconcile_alerts_total')) === 2 ? true : undefined));
    const decisions = (await run.store.listDecisions({ limit: 100 })).items;
    expect(decisions.map((d) => [d.api_key_id, d.alert_id, d.status]).sort()).toEqual([
      ['key-lost', 'al_lost', 'active'],
      ['m-1', 'al_lost_cluster', 'active'],
      ['m-2', 'al_lost_cluster', 'active'],
      ['m-3', 'al_lost_cluster', 'active'],
    ]);
    expect(notify.received.map((r) => `${r.json.type} ${r.json.alert_id}`).sort()).toEqual(['alert.new al_lost', 'alert.new al_lost_cluster']);

    // A second sweep in the same process: everything was handed over already.
    expect(await run.actions.reconciler.run()).toMatchObject({ alerts: 2, handedOver: 0, failed: 0 });

    // Another restart: the new process has forgotten what it handed over, and sweeps again.
    await stop();
    run = await start(policy);
    await eventually('the start-up sweep', async () => ((await run.completed('reconcile')) >= 1 ? true : undefined));
    await eventually('the evaluations again', async () => ((await run.completed('enforcement-evaluate')) >= 2 ? true : undefined));
    await settle();
    expect((await run.store.listDecisions({ limit: 100 })).items).toHaveLength(4);
    expect(enforcement.received).toHaveLength(4);
    expect(new Set(enforcement.received.map((r) => r.json.type))).toEqual(new Set(['enforcement.applied']));
    expect(notify.received).toHaveLength(2);
    // The notifications were sent already: not even a job for them this time.
    expect(await run.completed('notify')).toBe(0);
    const audit = (await run.store.getAlert('al_lost')).audit.map((e) => e.action);
    expect(audit).toEqual(['enforcement_applied']);
  });

  it('expires and announces a throttle whose expiry job was lost with its queue', async () => {
    const policy: PolicyFile = { mode: 'enforce', rules: [rule(2 / 60)] };
    let run = await start(policy);
    await run.store.writeOutput(outputOf({ alerts: [keyAlert] }));
    run.actions.hook.onAlerts([keyAlert]);
    const [applied] = await enforcement.waitFor(1);
    expect(applied.json.type).toBe('enforcement.applied');
    const decision = (await run.store.listDecisions({ limit: 10 })).items[0];
    expect(decision.until - decision.created_at).toBe(2000);
    // Stopped before `until`: the delayed expiry job goes with it.
    await stop();
    await new Promise((r) => setTimeout(r, Math.max(0, decision.until - Date.now()) + 300));

    // Time ran out while nobody was there: the store still has it in force (read as expired, not ended).
    const idle = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: 7 });
    expect(await idle.getDecision(decision.decision_id)).toMatchObject({ status: 'expired', ended_at: null });
    await idle.close();

    run = await start(policy);
    const expired = await eventually('the expiry', async () => {
      const d = await run.store.getDecision(decision.decision_id);
      return d.ended_at !== null ? d : undefined;
    });
    expect(expired).toMatchObject({ status: 'expired', ended_by: 'system', end_reason: 'its duration ran out' });
    expect(expired.ended_at).toBeGreaterThanOrEqual(decision.until);
    const [, end] = await enforcement.waitFor(2);
    expect(end.json).toMatchObject({ type: 'enforcement.expired', decision: { decision_id: decision.decision_id, status: 'expired' } });
    expect(await counter(run, 'distillguard_reconcile_decisions_total')).toBe(1);

    // Sweeping again finds nothing left to end; nothing is announced twice.
    expect(await run.actions.reconciler.run()).toMatchObject({ decisions: 0, failed: 0 });
    await settle();
    expect(enforcement.received.map((r) => r.json.type)).toEqual(['enforcement.applied', 'enforcement.expired']);
    expect(notify.received).toHaveLength(1);
    expect((await run.store.listDecisions({ limit: 10 })).items).toHaveLength(1);
  });

  it('acts on a member once the allow-list entry that excluded it expires, and only once', async () => {
    const policy: PolicyFile = { mode: 'enforce', rules: [rule(60)] };
    const run = await start(policy);
    const entry = await run.store.addAllowlistEntry({ kind: 'account', value: 'acct-m2', reason: 'red team', expires_at: Date.now() + 3000 }, 'admin:1');
    await run.store.writeOutput(outputOf({ alerts: [clusterAlert], hours: memberHours }));
    run.actions.hook.onAlerts([clusterAlert]);
    await enforcement.waitFor(2);
    const decided = async () => (await run.store.listDecisions({ alert_id: clusterAlert.alert_id, limit: 100 })).items.map((d) => [d.api_key_id, d.status]).sort();
    await eventually('the excluded member recorded', async () => ((await decided()).length === 3 ? true : undefined));
    expect(await decided()).toEqual([['m-1', 'active'], ['m-2', 'excluded'], ['m-3', 'active']]);

    // Not expired yet: the sweep leaves it alone.
    expect(await run.actions.reconciler.run()).toMatchObject({ allowlistExpiries: 0, failed: 0 });
    await new Promise((r) => setTimeout(r, Math.max(0, entry.expires_at! - Date.now()) + 100));
    expect(await run.actions.reconciler.run()).toMatchObject({ allowlistExpiries: 1, failed: 0 });
    const [, , third] = await enforcement.waitFor(3);
    expect(third.json).toMatchObject({ type: 'enforcement.applied', decision: { api_key_id: 'm-2', alert_id: clusterAlert.alert_id } });
    expect(await decided()).toEqual([['m-1', 'active'], ['m-2', 'active'], ['m-2', 'excluded'], ['m-3', 'active']]);
    expect(await counter(run, 'distillguard_reconcile_allowlist_expiries_total')).toBe(1);

    // Swept again: handled already, and evaluating again would add nothing anyway.
    expect(await run.actions.reconciler.run()).toMatchObject({ allowlistExpiries: 0, failed: 0 });
    await run.actions.enforcement.reviseForEndedAllowlist(entry);
    await settle();
    expect(enforcement.received).toHaveLength(3);
    expect((await decided()).length).toBe(4);
  });

  it('publishes a lift whose delivery was lost while it waited for a retry', async () => {
    const policy: PolicyFile = { mode: 'enforce', rules: [rule(60)] };
    // The lift's first try fails; its retry would come after 5 s, but the process stops before.
    answer = (n) => (n === 2 ? 500 : 200);
    let run = await start(policy, { DISTILLGUARD_JOB_BACKOFF_MS: '5000' });
    await run.store.writeOutput(outputOf({ alerts: [keyAlert] }));
    run.actions.hook.onAlerts([keyAlert]);
    await enforcement.waitFor(1);
    const [decision] = (await run.store.listDecisions({ limit: 10 })).items;
    await run.actions.enforcement.lift(decision.decision_id, 'analyst:1', 'customer called');
    await enforcement.waitFor(2);
    const webhookOf = async () => (await run.store.getDecision(decision.decision_id)).deliveries.find((d) => d.channel === 'webhook' && d.event === 'lifted');
    await eventually('the failed try to be recorded', async () => ((await webhookOf())?.status === 'retrying' ? true : undefined));
    await stop();

    run = await start(policy);
    await enforcement.waitFor(3);
    expect(enforcement.received[2].json).toMatchObject({ type: 'enforcement.lifted', decision: { decision_id: decision.decision_id } });
    expect(enforcement.received[2].headers['x-distillguard-delivery']).toBe(enforcement.received[1].headers['x-distillguard-delivery']);
    await eventually('the delivery to be recorded', async () => ((await webhookOf())?.status === 'sent' ? true : undefined));
    expect(await counter(run, 'distillguard_reconcile_end_deliveries_total')).toBeGreaterThanOrEqual(1);

    // Sent now: another sweep, in this process or the next, leaves it alone.
    await run.actions.reconciler.run();
    await stop();
    run = await start(policy);
    await eventually('the start-up sweep', async () => ((await run.completed('reconcile')) >= 1 ? true : undefined));
    await settle();
    expect(enforcement.received.map((r) => r.json.type)).toEqual(['enforcement.applied', 'enforcement.lifted', 'enforcement.lifted']);
  });
});
