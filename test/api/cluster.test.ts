import { join } from 'node:path';
import type { ClusterLink } from '../../schemas/links';
import type { NewDecision } from '../../services/store/actions';
import { SqliteStore } from '../../services/store/sqlite/store';
import { makeAlert, outputOf, T0 } from '../support/fixtures';
import type { TestServer } from './harness';
import { startTestServer, TOKENS } from './harness';

// A cluster alert through the API: its members with their accounts, links and own alerts, and
// lifting everything it caused on every member at once.

const MEMBERS = ['hk-0', 'hk-1', 'hk-2'];
const account = (k: string) => `acct-${k}`;
const link = (k: string): ClusterLink => ({ api_key_id: k, linked_to: k === 'hk-0' ? 'hk-1' : 'hk-0', strength: 0.8, evidence: { template: 1, ip_prefix: 0.3 } });
const cluster = makeAlert({
  alert_id: 'al-cluster',
  kind: 'cluster',
  api_key_id: 'hk-0',
  account_id: account('hk-0'),
  related_api_key_ids: MEMBERS,
  links: MEMBERS.map(link),
  severity: 'high',
  signals: [{ detector: 'cluster', score: 0.8, summary: 'three linked keys', evidence: { members: 3, accounts: 3 } }],
});
const own = makeAlert({ alert_id: 'al-own', api_key_id: 'hk-1', account_id: account('hk-1'), cluster_alert_id: 'al-cluster' });

describe('cluster alert routes (embedded)', () => {
  let s: TestServer;
  let side: SqliteStore;
  beforeAll(async () => {
    s = await startTestServer();
    side = SqliteStore.open(join(s.dataDir, 'distillguard.db'), { suppressionDays: 7 });
    const hours = MEMBERS.map((k) => ({ api_key_id: k, account_id: account(k), hour: T0, requests: 40, tokens: 9000, max_score: 0.4 }));
    await side.commitBatch({ output: outputOf({ alerts: [cluster, own], hours }), states: [], position: { source: 'test', offset: '1' } });
    expect((await s.call('POST', '/v1/allowlist', { body: { kind: 'account', value: account('hk-2'), reason: 'partner' } })).status).toBe(201);
  });
  afterAll(async () => {
    await side.close();
    await s.close();
  });

  it("lists a cluster alert's members with their accounts, links and own alerts", async () => {
    const res = await s.call('GET', '/v1/alerts/al-cluster/members', { token: TOKENS.viewer });
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual([
      { api_key_id: 'hk-0', account_id: account('hk-0'), allowlisted: false, link: link('hk-0'), key_alert: null },
      {
        api_key_id: 'hk-1',
        account_id: account('hk-1'),
        allowlisted: false,
        link: link('hk-1'),
        key_alert: { alert_id: 'al-own', severity: 'medium', score: 0.6, status: 'open' },
      },
      { api_key_id: 'hk-2', account_id: account('hk-2'), allowlisted: true, link: link('hk-2'), key_alert: null },
    ]);
    // A member's own key alert points back to the cluster alert.
    expect((await s.call('GET', '/v1/alerts/al-own')).body.cluster_alert_id).toBe('al-cluster');
  });

  it('has no members for a key alert or an unknown id', async () => {
    expect((await s.call('GET', '/v1/alerts/al-own/members')).status).toBe(404);
    expect((await s.call('GET', '/v1/alerts/al-nope/members')).status).toBe(404);
  });

  it("lets an analyst lift what a cluster alert caused on every member at once", async () => {
    const decision = (k: string): NewDecision => ({
      api_key_id: k, account_id: account(k), alert_id: 'al-cluster', action: 'throttle', limit_rpm: 60, limit_tpm: null,
      reason: 'high-throttle', source: 'policy', rule: 'high-throttle', offence: 1, dry_run: false, created_by: 'policy', duration_ms: 3_600_000,
    });
    for (const k of ['hk-0', 'hk-1']) expect((await side.recordDecision(decision(k))).outcome).toBe('created');
    expect((await side.recordDecision({ ...decision('hk-2'), excluded: true })).outcome).toBe('created');

    const path = '/v1/alerts/al-cluster/enforcement';
    expect((await s.call('DELETE', path, { token: TOKENS.viewer, body: { reason: 'x' } })).status).toBe(403);
    const res = await s.call('DELETE', path, { token: TOKENS.analyst, body: { reason: 'campaign over' } });
    expect(res.status).toBe(200);
    expect(res.body.decisions.map((d: { api_key_id: string; status: string }) => [d.api_key_id, d.status]).sort()).toEqual([
      ['hk-0', 'lifted'],
      ['hk-1', 'lifted'],
    ]);
    const listed = await s.call('GET', '/v1/enforcement?alert_id=al-cluster');
    expect(listed.body.decisions.map((d: { status: string }) => d.status).sort()).toEqual(['excluded', 'lifted', 'lifted']);
    expect((await s.call('DELETE', path, { token: TOKENS.analyst, body: { reason: 'again' } })).body.decisions).toEqual([]);
  });
});
