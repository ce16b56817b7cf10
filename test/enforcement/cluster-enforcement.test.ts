import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import type { Consumer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import type { Alert } from '../../schemas/alert';
import type { PolicyFile } from '../../schemas/enforcement';
import { ENFORCEMENT_TOPIC } from '../../services/enforcement/publishers/kafka';
import { throttleKey } from '../../services/enforcement/publishers/redis';
import { makeAlert, outputOf, T0 } from '../support/fixtures';
import { eventually } from '../support/eventually';
import type { WebhookServer } from '../support/webhook-server';
import { startWebhookServer } from '../support/webhook-server';
import type { ActionsUnderTest, JobMode } from '../jobs/actions-harness';
import { REDIS_URL, startActionsUnderTest } from '../jobs/actions-harness';

// A cluster alert acts on every member key, with the same processors on both job backends: in
// process, and BullMQ on the real Redis (where decisions also reach the gateway's Redis hash and
// the real Kafka topic), each decision published to a real webhook receiver.

const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const rule = (duration_minutes: number) => ({
  name: 'high-throttle',
  min_severity: 'high' as const,
  action: { type: 'throttle' as const, limit_rpm: 60 },
  duration_minutes,
});
const ENFORCE: PolicyFile = { mode: 'enforce', rules: [rule(1)] };

describe.each<JobMode>(['in-process', 'bullmq'])('cluster enforcement with jobs %s', (mode) => {
  let hook: WebhookServer;
  let t: ActionsUnderTest;
  let redis: IORedis;
  /** Unique per test: keys outlive a test on the shared Kafka topic. */
  let run: string;
  const key = (i: number) => `${run}-k${i}`;
  /** Every member in an account of its own, but k4 and k5 share one. */
  const account = (i: number) => `${run}-a${Math.min(i, 4)}`;

  const start = async (policy: PolicyFile, env: Record<string, string> = {}) => {
    hook = await startWebhookServer();
    t = await startActionsUnderTest(mode, { policy, env: { DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL: hook.url, ...env } });
  };
  /** The members' traffic, from which their accounts are known (the alert names only the first member's). */
  const traffic = (members: number[]) =>
    t.store.writeOutput(
      outputOf({ hours: members.map((i) => ({ api_key_id: key(i), account_id: account(i), hour: T0, requests: 40, tokens: 9000, max_score: 0.3 })) }),
    );
  const cluster = (members: number[], o: Partial<Alert> = {}): Alert =>
    makeAlert({
      alert_id: `al_${run}`,
      kind: 'cluster',
      api_key_id: key(members[0]),
      account_id: account(members[0]),
      related_api_key_ids: members.map(key).sort(),
      links: members.map((i) => ({ api_key_id: key(i), linked_to: key(members[0] === i ? members[1] : members[0]), strength: 0.9, evidence: { template: 1 } })),
      severity: 'high',
      score: 0.85,
      signals: [{ detector: 'cluster', score: 0.85, summary: 'linked keys', evidence: { members: members.length } }],
      ...o,
    });
  /** Stores alerts as detection does, then hands them over as the runner does after a commit. */
  const detect = async (...alerts: Alert[]) => {
    await t.store.writeOutput(outputOf({ alerts }));
    t.actions.hook.onAlerts(alerts);
  };
  const decisionsOf = async (alertId: string) => (await t.store.listDecisions({ alert_id: alertId, limit: 100 })).items;
  const byKey = <T extends { api_key_id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.api_key_id < b.api_key_id ? -1 : 1));
  const hash = (apiKeyId: string) => redis.hgetall(throttleKey(t.prefix, apiKeyId));

  beforeAll(() => {
    redis = new IORedis(REDIS_URL);
  });
  afterAll(() => redis.quit());
  beforeEach(() => {
    run = `hk-${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await t?.close();
    await hook?.close();
  });

  it('throttles every member but the allow-listed ones, escalating per key, one audit entry and publish per member', async () => {
    await start(ENFORCE, mode === 'bullmq' ? { KAFKA_BROKERS: BROKERS.join(',') } : {});
    const kafka = mode === 'bullmq' ? await readTopic(run) : undefined;
    try {
      await traffic([0, 1, 2, 3, 4, 5]);
      await t.store.addAllowlistEntry({ kind: 'api_key', value: key(1), reason: 'red team', expires_at: null }, 'admin:1');
      await t.store.addAllowlistEntry({ kind: 'account', value: account(5), reason: 'eval partner', expires_at: null }, 'admin:1');
      // k3 offended before on its own: its share of the cluster's throttle lasts twice as long.
      await detect(makeAlert({ alert_id: `al_${run}_own`, api_key_id: key(3), account_id: account(3), severity: 'high', score: 0.8 }));
      await hook.waitFor(1);

      const alert = cluster([0, 1, 2, 3, 4, 5]);
      await detect(alert);
      const messages = await hook.waitFor(1 + 3);
      await eventually('every member decided', async () => ((await decisionsOf(alert.alert_id)).length === 6 ? true : undefined));

      const decisions = byKey(await decisionsOf(alert.alert_id));
      expect(decisions.map((d) => [d.api_key_id, d.account_id, d.status, d.offence])).toEqual([
        [key(0), account(0), 'active', 1],
        [key(1), account(1), 'excluded', 1],
        [key(2), account(2), 'active', 1],
        [key(3), account(3), 'active', 2],
        [key(4), account(4), 'excluded', 1],
        [key(5), account(5), 'excluded', 1],
      ]);
      for (const d of decisions) expect(d).toMatchObject({ action: 'throttle', limit_rpm: 60, rule: 'high-throttle', source: 'policy' });
      expect(decisions[0].reason).toBe('high-throttle: high cluster alert of 6 keys, score 0.85, signals from cluster');
      expect(decisions[0].until - decisions[0].created_at).toBe(60_000);
      expect(decisions[3].until - decisions[3].created_at).toBe(120_000);
      expect(decisions[1].reason).toMatch(/not applied: the key or its account is allow-listed$/);

      const audit = (await t.store.getAlert(alert.alert_id)).audit;
      expect(audit.map((e) => [e.action, e.details.api_key_id]).sort()).toEqual(
        [
          ['enforcement_applied', key(0)],
          ['enforcement_excluded', key(1)],
          ['enforcement_applied', key(2)],
          ['enforcement_applied', key(3)],
          ['enforcement_excluded', key(4)],
          ['enforcement_excluded', key(5)],
        ].sort(),
      );

      const published = messages.slice(1).map((m) => m.json);
      expect(published.map((m) => m.decision.api_key_id).sort()).toEqual([key(0), key(2), key(3)]);
      for (const m of published) expect(m).toMatchObject({ type: 'enforcement.applied', decision: { alert_id: alert.alert_id, status: 'active' } });
      await new Promise((r) => setTimeout(r, 300));
      expect(hook.received).toHaveLength(4);

      if (mode === 'bullmq') {
        for (const i of [0, 2, 3]) {
          const d = decisions[i];
          expect(await hash(key(i))).toMatchObject({ action: 'throttle', limit_rpm: '60', alert_id: alert.alert_id, decision_id: d.decision_id, until: String(d.until) });
          expect(await redis.pttl(throttleKey(t.prefix, key(i)))).toBeGreaterThan(50_000);
        }
        for (const i of [1, 4, 5]) expect(await redis.exists(throttleKey(t.prefix, key(i)))).toBe(0);
        const onTopic = await eventually('the members on Kafka', async () => {
          const seen = kafka!.messages.filter((m) => m.value.decision.alert_id === alert.alert_id);
          return seen.length >= 3 ? seen : undefined;
        }, 30_000);
        expect(onTopic.map((m) => [m.key, m.value.decision.api_key_id, m.value.type]).sort()).toEqual(
          [0, 2, 3].map((i) => [key(i), key(i), 'enforcement.applied']),
        );
      }
    } finally {
      await kafka?.consumer.disconnect();
    }
  }, 60_000);

  it('adds nothing when evaluated again, and gives members who join later the action at the next evaluation', async () => {
    await start(ENFORCE);
    await traffic([0, 1, 2, 3, 4]);
    const first = cluster([0, 1, 2]);
    await detect(first);
    await hook.waitFor(3);
    const before = byKey(await decisionsOf(first.alert_id));
    // A re-handed alert (the same job again), and the job itself run again after a restart.
    await detect(first);
    await t.actions.enforcement.evaluate({ alert_id: first.alert_id, severity: 'high' });

    await detect(cluster([0, 1, 2, 3, 4]));
    await hook.waitFor(5);
    await new Promise((r) => setTimeout(r, 500));
    const after = byKey(await decisionsOf(first.alert_id));
    expect(after.map((d) => d.api_key_id)).toEqual([0, 1, 2, 3, 4].map(key));
    expect(after.slice(0, 3).map((d) => [d.decision_id, d.until])).toEqual(before.map((d) => [d.decision_id, d.until]));
    expect(hook.received.map((r) => r.json.decision.api_key_id).sort()).toEqual([0, 1, 2, 3, 4].map(key));
  });

  it('acts on an excluded member once its allow-list entry is removed, and only once', async () => {
    await start(ENFORCE);
    await traffic([0, 1]);
    const entry = await t.store.addAllowlistEntry({ kind: 'account', value: account(1), reason: 'red team', expires_at: null }, 'admin:1');
    const alert = cluster([0, 1]);
    await detect(alert);
    await hook.waitFor(1);
    await eventually('both members decided', async () => ((await decisionsOf(alert.alert_id)).length === 2 ? true : undefined));

    // What DELETE /v1/allowlist/:id does after removing the entry.
    const removed = await t.store.removeAllowlistEntry(entry.entry_id, 'admin:1');
    expect(removed).toMatchObject({ entry_id: entry.entry_id, kind: 'account', value: account(1) });
    expect(await t.actions.enforcement.reviseForEndedAllowlist(removed)).toBe(1);
    expect((await hook.waitFor(2)).map((r) => r.json.decision.api_key_id).sort()).toEqual([key(0), key(1)]);
    const decisions = await decisionsOf(alert.alert_id);
    expect(decisions.map((d) => [d.api_key_id, d.status]).sort()).toEqual([[key(0), 'active'], [key(1), 'active'], [key(1), 'excluded']].sort());
    // Evaluated again, by the alert's own job or the same removal handled twice: nothing more.
    await t.actions.enforcement.evaluate({ alert_id: alert.alert_id, severity: 'high' });
    await t.actions.enforcement.reviseForEndedAllowlist(removed);
    await new Promise((r) => setTimeout(r, 500));
    expect(await decisionsOf(alert.alert_id)).toHaveLength(3);
    expect(hook.received).toHaveLength(2);
  });

  it('lifts every member when the cluster is lifted, and publishes each lift', async () => {
    await start(ENFORCE);
    await traffic([0, 1, 2]);
    const alert = cluster([0, 1, 2]);
    await detect(alert);
    await hook.waitFor(3);
    if (mode === 'bullmq') await eventually('the hashes', async () => ((await redis.exists(...[0, 1, 2].map((i) => throttleKey(t.prefix, key(i))))) === 3 ? true : undefined));

    const lifted = await t.actions.enforcement.liftForAlert(alert.alert_id, 'analyst:1', 'campaign confirmed over');
    expect(lifted.map((d) => d.api_key_id).sort()).toEqual([0, 1, 2].map(key));
    for (const d of lifted) expect(d).toMatchObject({ status: 'lifted', ended_by: 'analyst:1', end_reason: 'campaign confirmed over' });
    const lifts = (await hook.waitFor(6)).slice(3).map((r) => r.json);
    expect(lifts.map((m) => [m.type, m.decision.api_key_id]).sort()).toEqual([0, 1, 2].map((i) => ['enforcement.lifted', key(i)]));
    if (mode === 'bullmq') {
      await eventually('the hashes to go', async () => ((await redis.exists(...[0, 1, 2].map((i) => throttleKey(t.prefix, key(i))))) === 0 ? true : undefined));
    }
  });

  it('expires every member on time', async () => {
    await start({ mode: 'enforce', rules: [rule(2 / 60)] });
    await traffic([0, 1, 2]);
    const alert = cluster([0, 1, 2]);
    await detect(alert);
    await hook.waitFor(3);
    const expired = await eventually('every expiry', async () => {
      const ds = await decisionsOf(alert.alert_id);
      return ds.every((d) => d.status === 'expired' && d.ended_at !== null) ? ds : undefined;
    });
    for (const d of expired) expect(d.ended_at!).toBeGreaterThanOrEqual(d.until);
    const ends = (await hook.waitFor(6)).slice(3).map((r) => [r.json.type, r.json.decision.api_key_id]);
    expect(ends.sort()).toEqual([0, 1, 2].map((i) => ['enforcement.expired', key(i)]));
    if (mode === 'bullmq') for (const i of [0, 1, 2]) expect(await redis.exists(throttleKey(t.prefix, key(i)))).toBe(0);
  });

  it('in dry-run mode records each member and publishes nothing', async () => {
    await start({ ...ENFORCE, mode: 'dry_run' });
    await traffic([0, 1, 2]);
    const alert = cluster([0, 1, 2]);
    await detect(alert);
    const decisions = await eventually('the decisions', async () => {
      const ds = await decisionsOf(alert.alert_id);
      return ds.length === 3 ? ds : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(decisions.map((d) => d.status)).toEqual(['dry_run', 'dry_run', 'dry_run']);
    expect(hook.received).toEqual([]);
    if (mode === 'bullmq') expect(await redis.keys(`${t.prefix}:throttle:*`)).toEqual([]);
  });

  it('acts on the members it knows and retries for one without traffic, then shows the failure on the alert', async () => {
    await start(ENFORCE);
    await traffic([0, 1]);
    const alert = cluster([0, 1, 2]);
    await detect(alert);
    await hook.waitFor(2);
    const failure = await eventually('the final failure', async () =>
      (await t.store.getAlert(alert.alert_id)).audit.find((e) => e.action === 'delivery_failed'),
    );
    expect(failure.details).toMatchObject({ channel: 'enforcement', attempts: 3, error: expect.stringContaining(key(2)) });
    expect((await decisionsOf(alert.alert_id)).map((d) => d.api_key_id).sort()).toEqual([key(0), key(1)]);
    expect(hook.received).toHaveLength(2);
  });
});

interface TopicMessage {
  key: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  value: any;
}

/** Reads `enforcement-decisions` from its start, keeping the messages of one test's keys. */
async function readTopic(prefix: string): Promise<{ consumer: Consumer; messages: TopicMessage[] }> {
  const kafka = new Kafka({ brokers: BROKERS, clientId: 'test', logLevel: logLevel.NOTHING });
  // Subscribing to a topic that does not exist yet races its creation; made first, it is there.
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: ENFORCEMENT_TOPIC }], waitForLeaders: true });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `test-${prefix}` });
  const messages: TopicMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: ENFORCEMENT_TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      if (key.startsWith(prefix)) messages.push({ key, value: JSON.parse(message.value!.toString()) });
    },
  });
  return { consumer, messages };
}
