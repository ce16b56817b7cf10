import type { Alert } from '../../schemas/alert';
import { webhookSignature } from '../../services/delivery/webhook';
import { eventually } from '../support/eventually';
import { makeAlert, outputOf } from '../support/fixtures';
import type { WebhookServer } from '../support/webhook-server';
import { startWebhookServer } from '../support/webhook-server';
import type { ActionsUnderTest, JobMode } from '../jobs/actions-harness';
import { SECRET, startActionsUnderTest } from '../jobs/actions-harness';

// Alert notifications to a JSON webhook and a Slack-compatible one: one message per alert and
// peak severity, retried, and recorded on the alert when a target keeps failing.

describe.each<JobMode>(['in-process', 'bullmq'])('notifications with jobs %s', (mode) => {
  let json: WebhookServer;
  let slack: WebhookServer;
  let t: ActionsUnderTest;
  const detect = async (...alerts: Alert[]) => {
    await t.store.writeOutput(outputOf({ alerts }));
    t.actions.hook.onAlerts(alerts);
  };
  const start = async (slackAnswer = 200) => {
    json = await startWebhookServer();
    slack = await startWebhookServer(() => slackAnswer);
    t = await startActionsUnderTest(mode, {
      env: { DISTILLGUARD_NOTIFY_WEBHOOKS: json.url, DISTILLGUARD_NOTIFY_SLACK_WEBHOOKS: slack.url, DISTILLGUARD_PUBLIC_URL: 'https://dg.example.test/' },
    });
  };
  afterEach(async () => {
    await t.close();
    await Promise.all([json.close(), slack.close()]);
  });

  it('sends one message per alert episode and escalation, to each target', async () => {
    await start();
    const high = makeAlert({ alert_id: 'al_n1', api_key_id: 'key-<b>n1</b>', severity: 'high', score: 0.82 });
    await detect(high, makeAlert({ alert_id: 'al_quiet', severity: 'medium' }));
    await detect(high);
    const [first] = await json.waitFor(1);
    expect(first.json).toMatchObject({ type: 'alert.new', alert_id: 'al_n1', severity: 'high', url: 'https://dg.example.test/#alert=al_n1' });
    const ts = Number(first.headers['x-distillguard-timestamp']);
    expect(first.headers['x-distillguard-signature']).toBe(webhookSignature(SECRET, ts, first.body));
    const [slackFirst] = await slack.waitFor(1);
    expect(slackFirst.json.text).toContain('HIGH (new) key alert on key `key-&lt;b&gt;n1&lt;/b&gt;`');
    expect(slackFirst.json.text).toContain('<https://dg.example.test/#alert=al_n1|Open in DistillGuard>');
    expect(slackFirst.headers['x-distillguard-signature']).toBeUndefined();

    const critical = { ...high, severity: 'critical' as const, severity_history: [...high.severity_history, { severity: 'critical' as const, score: 0.95, at: high.detected_at + 1, requests: 900 }] };
    await detect(critical);
    // Back down to high: not news.
    await detect({ ...critical, severity: 'high' });
    const [, escalated] = await json.waitFor(2);
    expect(escalated.json).toMatchObject({ type: 'alert.escalated', severity: 'critical' });
    await slack.waitFor(2);
    await new Promise((r) => setTimeout(r, 500));
    expect([json.received.length, slack.received.length]).toEqual([2, 2]);
  });

  it('retries a failing target and records the failure on the alert', async () => {
    await start(503);
    await detect(makeAlert({ alert_id: 'al_n2', severity: 'critical', score: 0.9 }));
    await slack.waitFor(3);
    await json.waitFor(1);
    const audit = await eventually('the failure on the alert', async () => {
      const entries = (await t.store.getAlert('al_n2')).audit.filter((e) => e.action === 'delivery_failed');
      return entries.length ? entries : undefined;
    });
    expect(audit[0].details).toMatchObject({ channel: 'slack', event: 'critical', attempts: 3, error: expect.stringContaining('HTTP 503') });
    expect(json.received).toHaveLength(1);
  });
});
