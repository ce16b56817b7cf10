import IORedis from 'ioredis';
import type { Alert } from '../../schemas/alert';
import type { PolicyFile } from '../../schemas/enforcement';
import { webhookSignature } from '../../services/delivery/webhook';
import { throttleKey } from '../../services/enforcement/publishers/redis';
import { makeAlert, outputOf } from '../support/fixtures';
import { eventually } from '../support/eventually';
import type { WebhookServer } from '../support/webhook-server';
import { startWebhookServer } from '../support/webhook-server';
import type { ActionsUnderTest, JobMode } from '../jobs/actions-harness';
import { REDIS_URL, SECRET, startActionsUnderTest } from '../jobs/actions-harness';

// Enforcement end to end, with the same processors on both job backends: in process (embedded)
// and BullMQ on the real Redis (scale-out), publishing to a real webhook receiver, and in
// BullMQ mode to the gateway's Redis hash.

const throttleRule = (duration_minutes: number) => ({
  name: 'high-throttle',
  min_severity: 'high' as const,
  action: { type: 'throttle' as const, limit_rpm: 60 },
  duration_minutes,
});
const ENFORCE: PolicyFile = { mode: 'enforce', rules: [throttleRule(1)] };

describe.each<JobMode>(['in-process', 'bullmq'])('enforcement with jobs %s', (mode) => {
  let hook: WebhookServer;
  let t: ActionsUnderTest;
  let redis: IORedis;
  const start = async (policy: PolicyFile, behaviour?: Parameters<typeof startWebhookServer>[0]) => {
    hook = await startWebhookServer(behaviour);
    t = await startActionsUnderTest(mode, { policy, env: { DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL: hook.url } });
  };
  /** Stores alerts as detection does, then hands them over as the runner does after a commit. */
  const detect = async (...alerts: Alert[]) => {
    await t.store.writeOutput(outputOf({ alerts }));
    t.actions.hook.onAlerts(alerts);
  };
  const decisionsOf = async (apiKeyId: string) => (await t.store.listDecisions({ api_key_id: apiKeyId, limit: 100 })).items;
  const hash = (apiKeyId: string) => redis.hgetall(throttleKey(t.prefix, apiKeyId));

  beforeAll(() => {
    redis = new IORedis(REDIS_URL);
  });
  afterAll(() => redis.quit());
  afterEach(async () => {
    await t?.close();
    await hook?.close();
  });

  it('makes one throttle of the same alert delivered twice, published with a signed webhook', async () => {
    await start(ENFORCE);
    const alert = makeAlert({ alert_id: 'al_twice', api_key_id: 'key-twice', severity: 'high', score: 0.8 });
    await detect(alert);
    await detect(alert);
    // After a restart the hook has forgotten what it handed over: the job id and the store still hold.
    t.actions.hook.onAlerts([alert]);
    const [request] = await hook.waitFor(1);
    await new Promise((r) => setTimeout(r, 500));

    const decisions = await decisionsOf('key-twice');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ action: 'throttle', limit_rpm: 60, status: 'active', alert_id: 'al_twice', source: 'policy' });
    expect(hook.received).toHaveLength(1);
    expect(request.json).toMatchObject({ type: 'enforcement.applied', decision: { decision_id: decisions[0].decision_id } });
    const ts = Number(request.headers['x-distillguard-timestamp']);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(10);
    expect(request.headers['x-distillguard-signature']).toBe(webhookSignature(SECRET, ts, request.body));

    const alertAudit = (await t.store.getAlert('al_twice')).audit.map((e) => e.action);
    expect(alertAudit).toEqual(['enforcement_applied']);
    if (mode === 'bullmq') {
      expect(await hash('key-twice')).toMatchObject({ action: 'throttle', limit_rpm: '60', alert_id: 'al_twice', until: String(decisions[0].until) });
      const ttl = await redis.pttl(throttleKey(t.prefix, 'key-twice'));
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('expires a throttle on time: the Redis key disappears and the expiry is recorded and announced', async () => {
    await start({ mode: 'enforce', rules: [throttleRule(2 / 60)] });
    await detect(makeAlert({ alert_id: 'al_short', api_key_id: 'key-short', severity: 'high', score: 0.8 }));
    const decision = await eventually('a decision', async () => (await decisionsOf('key-short'))[0]);
    expect(decision.until - decision.created_at).toBe(2000);
    if (mode === 'bullmq') await eventually('the hash', async () => ((await hash('key-short')).until ? true : undefined));

    const expired = await eventually('the expiry', async () => {
      const d = await t.store.getDecision(decision.decision_id);
      return d.ended_at !== null ? d : undefined;
    });
    expect(expired).toMatchObject({ status: 'expired', ended_by: 'system' });
    // The expiry job runs at `until`; it may not run before it.
    expect(expired.ended_at).toBeGreaterThanOrEqual(decision.until);
    expect(expired.ended_at! - decision.until).toBeLessThan(1500);
    if (mode === 'bullmq') expect(await redis.exists(throttleKey(t.prefix, 'key-short'))).toBe(0);
    const events = (await hook.waitFor(2)).map((r) => r.json.type);
    expect(events).toEqual(['enforcement.applied', 'enforcement.expired']);
  });

  it('never throttles an allow-listed key, even under a storm of alerts', async () => {
    await start(ENFORCE);
    await t.store.addAllowlistEntry({ kind: 'account', value: 'acct-partner', reason: 'eval partner', expires_at: null }, 'admin:1');
    const storm = Array.from({ length: 60 }, (_, i) =>
      makeAlert({ alert_id: `al_storm_${i}`, api_key_id: `key-storm-${i % 3}`, account_id: 'acct-partner', severity: i % 2 ? 'critical' : 'high', score: 0.95 }),
    );
    await detect(...storm);
    await eventually('every evaluation', async () => ((await t.completed('enforcement-evaluate')) >= storm.length ? true : undefined));
    // What the policy would have done is on record, as exclusions; nothing is in force or published.
    const recorded = (await t.store.listDecisions({ limit: 100 })).items;
    expect(recorded).toHaveLength(storm.length);
    expect(new Set(recorded.map((d) => d.status))).toEqual(new Set(['excluded']));
    expect(recorded[0].reason).toMatch(/not applied: the key or its account is allow-listed$/);
    expect(hook.received).toEqual([]);
    if (mode === 'bullmq') expect(await redis.keys(`${t.prefix}:throttle:*`)).toEqual([]);
  });

  it('lifts active throttles when the key is allow-listed later, as the API does', async () => {
    await start(ENFORCE);
    await detect(makeAlert({ alert_id: 'al_later', api_key_id: 'key-later', severity: 'high', score: 0.8 }));
    await hook.waitFor(1);
    const entry = await t.store.addAllowlistEntry({ kind: 'api_key', value: 'key-later', reason: 'red team', expires_at: null }, 'admin:1');
    const lifted = await t.actions.enforcement.liftForAllowlist(entry, 'admin:1');
    expect(lifted).toHaveLength(1);
    expect(lifted[0]).toMatchObject({ status: 'lifted', ended_by: 'admin:1', end_reason: 'allow-listed: red team' });
    const [, lift] = await hook.waitFor(2);
    expect(lift.json).toMatchObject({ type: 'enforcement.lifted', decision: { status: 'lifted' } });
    if (mode === 'bullmq') await eventually('the key to go', async () => ((await redis.exists(throttleKey(t.prefix, 'key-later'))) ? undefined : true));
    expect((await t.store.getAlert('al_later')).audit.map((e) => e.action)).toEqual(['enforcement_applied', 'enforcement_lifted']);
  });

  it('in dry-run mode records what it would do and publishes nothing', async () => {
    await start({ ...ENFORCE, mode: 'dry_run' });
    await detect(makeAlert({ alert_id: 'al_dry', api_key_id: 'key-dry', severity: 'high', score: 0.8 }));
    const decision = await eventually('a decision', async () => (await decisionsOf('key-dry'))[0]);
    await new Promise((r) => setTimeout(r, 500));
    expect(decision).toMatchObject({ status: 'dry_run', action: 'throttle', limit_rpm: 60, deliveries: [] });
    expect((await t.store.getDecision(decision.decision_id)).deliveries).toEqual([]);
    expect(hook.received).toEqual([]);
    if (mode === 'bullmq') expect(await redis.exists(throttleKey(t.prefix, 'key-dry'))).toBe(0);
    expect((await t.store.getAlert('al_dry')).audit.map((e) => e.action)).toEqual(['enforcement_dry_run']);
  });

  it('retries a failing webhook with exponential backoff, then records it as failed', async () => {
    await start(ENFORCE, () => 500);
    await detect(makeAlert({ alert_id: 'al_fail', api_key_id: 'key-fail', severity: 'high', score: 0.8 }));
    const tries = await hook.waitFor(3);
    const [decision] = await decisionsOf('key-fail');
    const delivery = await eventually('the final failure', async () => {
      const d = (await t.store.getDecision(decision.decision_id)).deliveries.find((x) => x.channel === 'webhook');
      return d?.status === 'failed' ? d : undefined;
    });
    expect(delivery).toMatchObject({ event: 'applied', attempts: 3, error: expect.stringContaining('HTTP 500') });
    // Backoff 100 ms, then 200 ms; the same delivery id each time.
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(90);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(190);
    expect(new Set(tries.map((r) => r.headers['x-distillguard-delivery'])).size).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(hook.received).toHaveLength(3);
    const audit = await t.store.listAudit({ target_type: 'enforcement', target_id: decision.decision_id, limit: 10 });
    expect(audit.items.map((e) => e.action)).toContain('delivery_failed');
    // The decision itself stands: the gateway's other channels still carry it.
    expect((await t.store.getDecision(decision.decision_id)).status).toBe('active');
  });
});
