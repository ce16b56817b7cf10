import type { TestServer } from './harness';
import { startTestServer, TOKENS } from './harness';

const HOSTILE = `partner's "eval" \\ run \u0000; <b>bold</b> UNION SELECT * FROM audit --`;

describe('allow-list and audit API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());


  it('creates, lists and removes entries; only admins edit', async () => {
    const created = await s.call('POST', '/v1/allowlist', { body: { kind: 'api_key', value: 'key-1', reason: HOSTILE } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'api_key', value: 'key-1', reason: HOSTILE, expires_at: null, active: true });
    expect(created.body.author).toMatch(/^admin:/);

    const expired = await s.call('POST', '/v1/allowlist', {
      body: { kind: 'account', value: 'acct-9', reason: 'trial', expires_at: 1000 },
    });
    expect(expired.body.active).toBe(false);

    const active = (await s.call('GET', '/v1/allowlist', { token: TOKENS.viewer })).body;
    expect(active.entries.map((e: { entry_id: string }) => e.entry_id)).toEqual([created.body.entry_id]);
    const all = (await s.call('GET', '/v1/allowlist?include_inactive=true')).body;
    expect(all.entries).toHaveLength(2);

    expect((await s.call('POST', '/v1/allowlist', { token: TOKENS.analyst, body: { kind: 'api_key', value: 'k', reason: 'r' } })).status).toBe(403);
    expect((await s.call('DELETE', `/v1/allowlist/${created.body.entry_id}`, { token: TOKENS.analyst })).status).toBe(403);
    expect((await s.call('DELETE', `/v1/allowlist/${created.body.entry_id}`)).status).toBe(204);
    expect((await s.call('DELETE', `/v1/allowlist/${created.body.entry_id}`)).status).toBe(404);
  });

  it.each([
    [{ kind: 'user', value: 'k', reason: 'r' }],
    [{ kind: 'api_key', value: '', reason: 'r' }],
    [{ kind: 'api_key', value: 'k' }],
    [{ kind: 'api_key', value: 'k', reason: 'r', expires_at: 'tomorrow' }],
    [{ kind: 'api_key', value: 'k', reason: 'r', author: 'someone else' }],
  ])('answers 400 for %j', async (body) => {
    const res = await s.call('POST', '/v1/allowlist', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.length).toBeGreaterThan(0);
  });

  it('lists the audit trail newest first, filtered and paged', async () => {
    const all = (await s.call('GET', '/v1/audit?target_type=allowlist', { token: TOKENS.viewer })).body;
    expect(all.entries.map((e: { action: string }) => e.action)).toEqual(['allowlist_removed', 'allowlist_added', 'allowlist_added']);
    expect(all.entries[0].details.reason).toBe(HOSTILE);

    const first = (await s.call('GET', '/v1/audit?limit=2')).body;
    expect(first.entries).toHaveLength(2);
    const second = (await s.call('GET', `/v1/audit?limit=2&cursor=${first.next_cursor}`)).body;
    expect(second.entries.map((e: { audit_id: string }) => e.audit_id)).toEqual([all.entries[2].audit_id]);
    expect(second.next_cursor).toBeNull();

    expect((await s.call('GET', '/v1/audit?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await s.call('GET', '/v1/audit?target_type=user')).status).toBe(400);
    expect((await s.call('GET', '/v1/audit?action=allowlist_added')).status).toBe(200);
  });
});
