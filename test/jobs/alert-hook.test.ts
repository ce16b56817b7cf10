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
