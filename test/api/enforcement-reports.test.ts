import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqliteStore } from '../../services/store/sqlite/store';
import { eventually } from '../support/eventually';
import { makeAlert, T0 } from '../support/fixtures';
import type { TestServer } from './harness';
import { startTestServer, TOKENS } from './harness';

const ROOT = join(__dirname, '..', '..');
const DAY = 86_400_000;

describe('enforcement and report routes (embedded, jobs in process)', () => {
  let s: TestServer;
  let side: SqliteStore;
  beforeAll(async () => {
    s = await startTestServer();
    side = SqliteStore.open(join(s.dataDir, 'distillguard.db'), { suppressionDays: 7 });
    await s.seed(
      makeAlert({ alert_id: 'al-1', api_key_id: 'key-1' }),
      makeAlert({ alert_id: 'al-2', api_key_id: 'key-2', account_id: 'acct-2' }),
      makeAlert({ alert_id: 'al-fp', api_key_id: 'key-3' }),
    );
  });
  afterAll(async () => {
    await side.close();
    await s.close();
  });

  const throttle = { limit_rpm: 30, duration_minutes: 15, reason: 'scraping spree, ticket T-12' };

  it('lets an admin throttle a key by hand, lists it, and lets an analyst lift it once', async () => {
    expect((await s.call('POST', '/v1/keys/key-1/throttle', { token: TOKENS.analyst, body: throttle })).status).toBe(403);
    expect((await s.call('POST', '/v1/keys/key-1/throttle', { body: { ...throttle, limit_rpm: 0 } })).status).toBe(400);
    expect((await s.call('POST', '/v1/keys/never-seen/throttle', { body: throttle })).status).toBe(404);
    const made = await s.call('POST', '/v1/keys/key-1/throttle', { body: throttle });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ api_key_id: 'key-1', action: 'throttle', limit_rpm: 30, source: 'manual', status: 'active', created_by: expect.stringMatching(/^admin:/) });
    expect(made.body.until - made.body.created_at).toBe(15 * 60_000);

    const listed = await s.call('GET', '/v1/enforcement?status=active&api_key_id=key-1', { token: TOKENS.viewer });
    expect(listed.body.decisions.map((d: { decision_id: string }) => d.decision_id)).toEqual([made.body.decision_id]);

    const path = `/v1/enforcement/${made.body.decision_id}`;
    expect((await s.call('DELETE', path, { token: TOKENS.viewer, body: { reason: 'x' } })).status).toBe(403);
    expect((await s.call('DELETE', path, { token: TOKENS.analyst, body: {} })).status).toBe(400);
    const lifted = await s.call('DELETE', path, { token: TOKENS.analyst, body: { reason: 'customer fixed their script' } });
    expect(lifted.body).toMatchObject({ status: 'lifted', end_reason: 'customer fixed their script', ended_by: expect.stringMatching(/^analyst:/) });
    expect((await s.call('DELETE', path, { token: TOKENS.analyst, body: { reason: 'again' } })).status).toBe(409);
    const audit = await s.call('GET', `/v1/audit?target_type=enforcement&target_id=${made.body.decision_id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['enforcement_lifted', 'enforcement_applied']);
  });

  it('refuses to throttle an allow-listed account, and lifts what is in force when one is added', async () => {
    const before = await s.call('POST', '/v1/keys/key-2/throttle', { body: throttle });
    expect(before.status).toBe(201);
    await s.call('POST', '/v1/allowlist', { body: { kind: 'account', value: 'acct-2', reason: 'partner eval' } });
    expect((await side.getDecision(before.body.decision_id)).status).toBe('lifted');
    const refused = await s.call('POST', '/v1/keys/key-2/throttle', { body: throttle });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/allow-listed/);
  });

  it('lifts what an alert caused when it is dismissed as a false positive', async () => {
    const recorded = await side.recordDecision({
      api_key_id: 'key-3', account_id: 'acct-1', alert_id: 'al-fp', action: 'suspend', limit_rpm: null, limit_tpm: null,
      reason: 'critical-suspend', source: 'policy', rule: 'critical-suspend', offence: 1, dry_run: false, created_by: 'policy', duration_ms: DAY,
    });
    expect(recorded.outcome).toBe('created');
    await s.call('PATCH', '/v1/alerts/al-fp', { body: { status: 'acknowledged' } });
    await s.call('PATCH', '/v1/alerts/al-fp', { body: { status: 'dismissed', reason: 'false_positive' } });
    const { body } = await s.call('GET', '/v1/enforcement?alert_id=al-fp');
    expect(body.decisions).toEqual([expect.objectContaining({ status: 'lifted', end_reason: 'the alert was dismissed as a false positive' })]);
    const activity = (await s.call('GET', '/v1/alerts/al-fp')).body.audit.map((e: { action: string }) => e.action);
    expect(activity).toEqual(expect.arrayContaining(['enforcement_applied', 'enforcement_lifted']));
  });

  it('makes a requested report and serves it as JSON, HTML, Markdown and CSV', async () => {
    expect((await s.call('POST', '/v1/reports', { body: { from: T0, to: T0 - 1 } })).status).toBe(400);
    expect((await s.call('POST', '/v1/reports', { token: TOKENS.viewer, body: { from: T0, to: T0 + DAY } })).status).toBe(403);
    const asked = await s.call('POST', '/v1/reports', { token: TOKENS.analyst, body: { from: T0 - DAY, to: T0 + DAY } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'pending', trigger: 'api', range: { from: T0 - DAY, to: T0 + DAY } });
    const id = asked.body.report_id;
    const ready = await eventually('the report', async () => {
      const r = await s.call('GET', `/v1/reports/${id}`, { token: TOKENS.viewer });
      return r.body.status === 'ready' ? r.body : undefined;
    });
    expect(ready.data.summary.alerts).toBe(3);

    const html = await s.call('GET', `/v1/reports/${id}.html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('<svg class="chart"');
    const md = await s.call('GET', `/v1/reports/${id}.md`);
    expect(md.text).toMatch(/^# DistillGuard abuse report/);
    const csv = await s.call('GET', `/v1/reports/${id}.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toContain('Metric,This period,Previous period,Change');
    expect((await s.call('GET', `/v1/reports/${id}.json`)).body.report_id).toBe(id);
    expect((await s.call('GET', '/v1/reports')).body.reports.map((r: { report_id: string }) => r.report_id)).toContain(id);
    expect((await s.call('GET', '/v1/reports/nope.html')).status).toBe(404);
    expect((await s.call('GET', '/v1/reports/a:b')).status).toBe(400);
  });

  it('makes a report from the command line, stored beside the served ones', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['-r', join(ROOT, 'test/support/swc-register.js'), '-e', "require('./services/cli/main.ts').main(process.argv.slice(1))", '--',
        'report', '--from', new Date(T0).toISOString().slice(0, 10), '--to', new Date(T0).toISOString().slice(0, 10), '--format', 'csv', '--data-dir', s.dataDir],
      { cwd: ROOT, env: { ...process.env, REDIS_URL: '', KAFKA_BROKERS: '', CLICKHOUSE_URL: '' } },
    );
    const id = /^report (r-\w+)/.exec(stderr)?.[1];
    expect(id).toBeDefined();
    expect(stdout).toContain('Alerts by severity');
    const { body } = await s.call('GET', `/v1/reports/${id}`);
    expect(body).toMatchObject({ status: 'ready', trigger: 'cli' });
  });
});
