import { makeAlert, T0 } from '../support/fixtures';
import type { TestServer } from './harness';
import { startTestServer, TOKENS } from './harness';

const HOSTILE = `"quotes" 'single' \\back\\slash \u0000nul '); DROP TABLE alerts; -- <script>alert("x")</script>`;

describe('alert API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.seed(
      ...Array.from({ length: 12 }, (_, i) =>
        makeAlert({
          alert_id: `al-${String(i).padStart(2, '0')}`,
          api_key_id: `key-${i % 3}`,
          account_id: `acct-${i % 2}`,
          detected_at: T0 + i * 1000,
          severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
        }),
      ),
    );
  });
  afterAll(() => s.close());

  const patch = (id: string, body: unknown, token: string = TOKENS.analyst) =>
    s.call('PATCH', `/v1/alerts/${encodeURIComponent(id)}`, { token, body });

  describe('GET /v1/alerts', () => {
    it('lists newest first with filters', async () => {
      const { status, body } = await s.call('GET', '/v1/alerts?severity=high&account_id=acct-0&limit=10', { token: TOKENS.viewer });
      expect(status).toBe(200);
      expect(body.alerts.map((a: { alert_id: string }) => a.alert_id)).toEqual(['al-10', 'al-06', 'al-02']);
      expect(body.next_cursor).toBeNull();
      expect(body.alerts[0]).toMatchObject({ status: 'open', assignee: null, dismiss_reason: null });
    });

    it('pages with a cursor without repeats while alerts arrive between pages', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let n = 0;
      do {
        const q: string = `/v1/alerts?limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const { body } = await s.call('GET', q);
        seen.push(...body.alerts.map((a: { alert_id: string }) => a.alert_id));
        cursor = body.next_cursor;
        await s.seed(makeAlert({ alert_id: `late-${n++}`, detected_at: T0 + 100_000 }), makeAlert({ alert_id: `old-${n}`, detected_at: 0 }));
      } while (cursor);
      const original = Array.from({ length: 12 }, (_, i) => `al-${String(11 - i).padStart(2, '0')}`);
      expect(seen.filter((id) => id.startsWith('al-'))).toEqual(original);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['severity=severe', 'severity'],
      ['status=open,closed', 'status'],
      ['sort=random', 'sort'],
      ['detected_from=yesterday', 'detected_from'],
      ['colour=red', ''],
      ['limit=1&limit=2', 'limit'],
    ])('answers 400 with zod issues for %s', async (query, field) => {
      const { status, body } = await s.call('GET', `/v1/alerts?${query}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(Array.isArray(body.error.details)).toBe(true);
      if (field) expect(JSON.stringify(body.error.details)).toContain(field);
    });

    it.each([
      'garbage!!',
      Buffer.from('{"s":"alerts/detected_at:desc","k":["x"]}').toString('base64url'),
      Buffer.from("' OR 1=1 --").toString('base64url'),
      'A'.repeat(2000),
    ])('answers 400 for a bad cursor %#', async (cursor) => {
      const { status, body } = await s.call('GET', `/v1/alerts?cursor=${encodeURIComponent(cursor)}`);
      expect(status).toBe(400);
      expect(['invalid_cursor', 'invalid_request']).toContain(body.error.code);
    });

    it('refuses a cursor of another sort', async () => {
      const { body } = await s.call('GET', '/v1/alerts?limit=1');
      const res = await s.call('GET', `/v1/alerts?limit=1&sort=severity:desc&cursor=${body.next_cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_cursor');
    });
  });

  describe('GET /v1/alerts/:id', () => {
    it('has signals, history, notes and audit', async () => {
      const { status, body } = await s.call('GET', '/v1/alerts/al-03', { token: TOKENS.viewer });
      expect(status).toBe(200);
      expect(body).toMatchObject({ alert_id: 'al-03', severity: 'critical', samples: [], notes: [], audit: [] });
      expect(body.signals[0].detector).toBe('volume');
      expect(body.severity_history).toHaveLength(1);
    });

    it('is 404 for an unknown id, even a hostile one', async () => {
      const { status, body } = await s.call('GET', `/v1/alerts/${encodeURIComponent(HOSTILE)}`);
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
    });
  });

  describe('PATCH /v1/alerts/:id', () => {
    it('walks the triage flow and records who did it', async () => {
      expect((await patch('al-00', { status: 'acknowledged', assignee: 'ana' })).body.status).toBe('acknowledged');
      const dismissed = await patch('al-00', { status: 'dismissed', reason: 'duplicate', note: 'same as al-01' });
      expect(dismissed.body).toMatchObject({ status: 'dismissed', dismiss_reason: 'duplicate', assignee: 'ana' });
      const reopened = await patch('al-00', { status: 'open' });
      expect(reopened.body.status).toBe('open');
      const detail = (await s.call('GET', '/v1/alerts/al-00')).body;
      expect(detail.audit.map((e: { action: string }) => e.action)).toEqual([
        'status_changed',
        'assigned',
        'status_changed',
        'note_added',
        'status_changed',
      ]);
      expect(detail.audit[0].actor).toMatch(/^analyst:[0-9a-f]{8}$/);
      expect(detail.notes[0].text).toBe('same as al-01');
    });

    it('answers 409 with the reason for an impossible transition', async () => {
      const { status, body } = await patch('al-01', { status: 'confirmed' });
      expect(status).toBe(409);
      expect(body.error.code).toBe('invalid_transition');
      expect(body.error.message).toMatch(/open.*confirmed/);
    });

    it.each([
      [{}, 'nothing to change'],
      [{ status: 'closed' }, 'status'],
      [{ status: 'dismissed' }, 'reason'],
      [{ status: 'acknowledged', reason: 'false_positive' }, 'reason'],
      [{ note: 42 }, 'note'],
      [{ note: '   ' }, 'note'],
      [{ assignee: ['a'] }, 'assignee'],
      [{ status: 'acknowledged', admin: true }, 'admin'],
      [[{ status: 'acknowledged' }], ''],
    ])('answers 400 for %j', async (body, field) => {
      const res = await patch('al-01', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(JSON.stringify(res.body.error)).toContain(field);
    });

    it('answers 400 for malformed JSON and 413 for a huge body', async () => {
      const malformed = await s.call('PATCH', '/v1/alerts/al-01', { token: TOKENS.analyst, body: '{"status": "ack' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('malformed_json');
      const huge = await patch('al-01', { note: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge.status).toBe(413);
    });

    it('stores hostile text as it came and returns it intact', async () => {
      const res = await patch('al-02', { assignee: HOSTILE.trim(), note: HOSTILE });
      expect(res.status).toBe(200);
      expect(res.body.assignee).toBe(HOSTILE.trim());
      const detail = (await s.call('GET', '/v1/alerts/al-02')).body;
      expect(detail.notes[0].text).toBe(HOSTILE.trim());
      expect((await s.call('GET', '/v1/alerts?limit=1000')).body.alerts.length).toBeGreaterThanOrEqual(12);
    });

    it('is for analysts and admins only', async () => {
      expect((await patch('al-04', { note: 'n' }, TOKENS.viewer)).status).toBe(403);
      expect((await patch('al-04', { note: 'n' }, TOKENS.ingest)).status).toBe(403);
      expect((await patch('al-04', { note: 'n' }, TOKENS.admin)).status).toBe(200);
      expect((await patch('nope', { note: 'n' })).status).toBe(404);
    });

    it('dismissing as a false positive suppresses the next alert of the key', async () => {
      await patch('al-05', { status: 'acknowledged' });
      await patch('al-05', { status: 'dismissed', reason: 'false_positive' });
      await s.seed(
        makeAlert({ alert_id: 'next-same', api_key_id: 'key-2', severity: 'medium' }),
        makeAlert({ alert_id: 'next-higher', api_key_id: 'key-2', severity: 'critical' }),
      );
      const same = (await s.call('GET', '/v1/alerts/next-same')).body;
      expect(same).toMatchObject({ status: 'dismissed', dismiss_reason: 'false_positive' });
      expect(same.audit[0]).toMatchObject({ actor: 'system', action: 'suppressed' });
      expect((await s.call('GET', '/v1/alerts/next-higher')).body.status).toBe('open');
      const open = (await s.call('GET', '/v1/alerts?status=open&api_key_id=key-2&limit=1000')).body;
      expect(open.alerts.map((a: { alert_id: string }) => a.alert_id)).not.toContain('next-same');
    });
  });

  describe('GET /v1/keys/:api_key_id', () => {
    it("has the key's alerts; unknown keys are 404", async () => {
      const { status, body } = await s.call('GET', '/v1/keys/key-1', { token: TOKENS.viewer });
      expect(status).toBe(200);
      expect(body).toMatchObject({ api_key_id: 'key-1', allowlisted: false, assessment: null, hours: [] });
      expect(body.alerts.every((a: { api_key_id: string }) => a.api_key_id === 'key-1')).toBe(true);
      expect((await s.call('GET', '/v1/keys/never-seen')).status).toBe(404);
    });
  });
});
