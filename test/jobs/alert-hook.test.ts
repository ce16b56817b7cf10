import pino from 'pino';
import type { Alert } from '../../schemas/alert';
import { AlertHook, membersDigest } from '../../services/jobs/alert-hook';
import type { AddOptions } from '../../services/jobs/queue';
import { Producer } from '../../services/jobs/queue';
import { EVALUATE, NOTIFY } from '../../services/jobs/queues';
import { makeAlert } from '../support/fixtures';

// What detection hands over: the jobs the hook adds, recorded by queue and job id.

function hookUnderTest() {
  const added: string[] = [];
  const backend = { add: async (queue: string, _data: unknown, o: AddOptions) => void added.push(`${queue} ${o.jobId}`) };
  const hook = new AlertHook({
    evaluate: new Producer(backend, EVALUATE),
    notify: new Producer(backend, NOTIFY),
    evaluateFrom: 'high',
    notifyFrom: 'high',
    targets: [{ id: 't1', kind: 'webhook', url: 'http://127.0.0.1:1/hook' }],
    log: pino({ level: 'silent' }),
  });
  const taken = () => added.splice(0);
  return { hook, taken };
}

const cluster = (members: string[], severity: Alert['severity'] = 'high') =>
  makeAlert({ alert_id: 'al_c', kind: 'cluster', related_api_key_ids: members, severity, severity_history: [{ severity, score: 0.8, at: 0, requests: 9 }] });

test('hands a cluster alert to enforcement again when its members change, without notifying again', async () => {
  const { hook, taken } = hookUnderTest();
  const three = cluster(['k1', 'k2', 'k3']);
  hook.onAlerts([three]);
  await new Promise((r) => setImmediate(r));
  expect(taken()).toEqual([`enforcement-evaluate eval-al_c-high-${membersDigest(three)}`, 'notify notify-al_c-high-t1']);

  hook.onAlerts([three]);
  await new Promise((r) => setImmediate(r));
  expect(taken()).toEqual([]);

  const four = cluster(['k1', 'k2', 'k3', 'k4']);
  hook.onAlerts([four]);
  await new Promise((r) => setImmediate(r));
  expect(taken()).toEqual([`enforcement-evaluate eval-al_c-high-${membersDigest(four)}`]);

  // Escalation is news: evaluated and notified.
  const critical = { ...four, severity: 'critical' as const, severity_history: [...four.severity_history, { severity: 'critical' as const, score: 0.95, at: 1, requests: 20 }] };
  hook.onAlerts([critical]);
  await new Promise((r) => setImmediate(r));
  expect(taken()).toEqual([`enforcement-evaluate eval-al_c-critical-${membersDigest(four)}`, 'notify notify-al_c-critical-t1']);
});

test('names a member set by its content: the same keys give the same digest, a swapped member another', () => {
  expect(membersDigest(cluster(['k1', 'k2']))).toBe(membersDigest(cluster(['k1', 'k2'])));
  expect(membersDigest(cluster(['k1', 'k2']))).not.toBe(membersDigest(cluster(['k1', 'k3'])));
  expect(membersDigest(makeAlert({ alert_id: 'k' }))).toBeUndefined();
});

test('the reconcile sweep hands over what this process has not, skips settled jobs, and retries after a failed add', async () => {
  const { hook, taken } = hookUnderTest();
  const handed = makeAlert({ alert_id: 'al_h', severity: 'high', severity_history: [{ severity: 'high', score: 0.8, at: 0, requests: 9 }] });
  hook.onAlerts([handed]);
  await new Promise((r) => setImmediate(r));
  taken();
  const never = async () => false;
  // Handed over by detection in this process: its jobs exist or ran.
  expect(await hook.handOverAgain(handed, never)).toBe(0);

  // Committed but never handed over (another process, or before a crash); its notification was sent already.
  const lost = makeAlert({ alert_id: 'al_l', severity: 'medium', severity_history: [{ severity: 'high', score: 0.8, at: 0, requests: 9 }, { severity: 'medium', score: 0.6, at: 1, requests: 20 }] });
  expect(await hook.handOverAgain(lost, async (id) => id.startsWith('notify-'))).toBe(1);
  // At its peak, not its current severity.
  expect(taken()).toEqual(['enforcement-evaluate eval-al_l-high']);
  expect(await hook.handOverAgain(lost, never)).toBe(0);
  hook.onAlerts([lost]);
  await new Promise((r) => setImmediate(r));
  expect(taken()).toEqual([]);
});

test('a sweep whose add fails throws and leaves the alert for the next sweep', async () => {
  let fail = true;
  const added: string[] = [];
  const backend = {
    add: async (_q: string, _d: unknown, o: AddOptions) => {
      if (fail) throw new Error('Redis is down');
      added.push(o.jobId);
    },
  };
  const hook = new AlertHook({
    evaluate: new Producer(backend, EVALUATE),
    notify: new Producer(backend, NOTIFY),
    evaluateFrom: 'high',
    notifyFrom: 'critical',
    targets: [],
    log: pino({ level: 'silent' }),
  });
  const alert = makeAlert({ alert_id: 'al_f', severity: 'high', severity_history: [{ severity: 'high', score: 0.8, at: 0, requests: 9 }] });
  await expect(hook.handOverAgain(alert, async () => false)).rejects.toThrow('Redis is down');
  fail = false;
  expect(await hook.handOverAgain(alert, async () => false)).toBe(1);
  expect(added).toEqual(['eval-al_f-high']);
});
