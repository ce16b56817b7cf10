import type { Alert } from '../../schemas/alert';
import { InvalidCursorError, NotFoundError, TransitionError } from '../../services/store/errors';
import type { DataStore } from '../../services/store/types';
import { makeAlert, outputOf, T0 } from '../support/fixtures';
import { describeActionStoreContract } from './actions-contract';

export interface StoreFactoryOptions {
  /** The store's wall clock. */
  now: () => number;
  suppressionDays: number;
}

/** Makes an empty store; the suite closes it. */
export type StoreFactory = (options: StoreFactoryOptions) => Promise<DataStore>;

const DAY = 86_400_000;
const HOSTILE = `it's "quoted" \\ back\\slash \u0000 nul '); DROP TABLE alerts; -- <script>alert(1)</script> ünï 😀`;

/**
 * What every DataStore implementation must do. Run it once per implementation:
 * `describeStoreContract('sqlite', makeSqliteStore)`.
 */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`AlertStore contract: ${name}`, () => {
    let store: DataStore;
    let clock: number;

    const upsert = (...alerts: Alert[]) => store.writeOutput(outputOf({ alerts }));

    beforeEach(async () => {
      clock = Date.UTC(2026, 10, 10);
      store = await makeStore({ now: () => clock, suppressionDays: 7 });
    });
    afterEach(async () => {
      await store.close();
    });

    describe('detection side', () => {
      it('upserts alerts: detection fields replaced, triage kept', async () => {
        await upsert(makeAlert({ alert_id: 'a1' }));
        await store.updateAlert('a1', { status: 'acknowledged', assignee: 'ana', note: 'looking' }, 'analyst:x');
        await upsert(makeAlert({ alert_id: 'a1', severity: 'high', score: 0.9, requests_total: 5000 }));
        const a = await store.getAlert('a1');
        expect(a).toMatchObject({ status: 'acknowledged', assignee: 'ana', severity: 'high', score: 0.9, requests_total: 5000 });
        expect(a.notes.map((n) => n.text)).toEqual(['looking']);
      });

      it('writes the same output twice without duplicating anything', async () => {
        await upsert(makeAlert({ alert_id: 'fp', severity: 'medium' }));
        await store.updateAlert('fp', { status: 'acknowledged' }, 'u');
        await store.updateAlert('fp', { status: 'dismissed', reason: 'false_positive' }, 'u');
        const output = outputOf({
          alerts: [makeAlert({ alert_id: 'a1', sample_request_ids: ['r1'] }), makeAlert({ alert_id: 'fp', severity: 'high' })],
          hours: [{ api_key_id: 'key-1', account_id: 'acct-1', hour: T0, requests: 3, tokens: 30, max_score: 0.5 }],
          samples: [{ request_id: 'r1', api_key_id: 'key-1', ts: T0, model: 'm', prompt_tokens: 1, completion_tokens: 2, finish_reason: null, prompt: null }],
        });
        await store.writeOutput(output);
        const first = await Promise.all([store.getAlert('a1'), store.getAlert('fp'), store.keyProfile('key-1'), store.listAudit({ limit: 100 })]);
        clock += 1000;
        await store.writeOutput(output);
        const second = await Promise.all([store.getAlert('a1'), store.getAlert('fp'), store.keyProfile('key-1'), store.listAudit({ limit: 100 })]);
        // The rewrite may touch updated_at; nothing else changes and nothing is added.
        const withoutUpdatedAt = (x: typeof first) => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'updated_at' ? 0 : v))) as unknown;
        expect(withoutUpdatedAt(second)).toEqual(withoutUpdatedAt(first));
        expect(second[0].samples).toHaveLength(1);
        // Reopened once, by the first write, when its severity rose above the dismissal.
        expect(second[1].status).toBe('open');
        expect(second[1].audit.filter((e) => e.actor === 'system')).toHaveLength(1);
      });
    });

    describe('triage', () => {
      beforeEach(() => upsert(makeAlert({ alert_id: 'a1' })));

      it('follows open → acknowledged → confirmed | dismissed, and reopens', async () => {
        expect((await store.updateAlert('a1', { status: 'acknowledged' }, 'u')).status).toBe('acknowledged');
        expect((await store.updateAlert('a1', { status: 'confirmed' }, 'u')).status).toBe('confirmed');
        expect((await store.updateAlert('a1', { status: 'open' }, 'u')).status).toBe('open');
        await store.updateAlert('a1', { status: 'acknowledged' }, 'u');
        const dismissed = await store.updateAlert('a1', { status: 'dismissed', reason: 'duplicate' }, 'u');
        expect(dismissed).toMatchObject({ status: 'dismissed', dismiss_reason: 'duplicate' });
        expect((await store.updateAlert('a1', { status: 'open' }, 'u')).dismiss_reason).toBeNull();
      });

      it.each([
        ['open', 'confirmed'],
        ['open', 'dismissed'],
        ['open', 'open'],
      ] as const)('refuses %s → %s with a reason and leaves no trace', async (_from, to) => {
        const err = await store.updateAlert('a1', { status: to, note: 'should not stay' }, 'u').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransitionError);
        expect((err as Error).message).toMatch(/open/);
        const a = await store.getAlert('a1');
        expect(a.status).toBe('open');
        expect(a.notes).toEqual([]);
        expect(a.audit).toEqual([]);
      });

      it('refuses confirmed → dismissed', async () => {
        await store.updateAlert('a1', { status: 'acknowledged' }, 'u');
        await store.updateAlert('a1', { status: 'confirmed' }, 'u');
        await expect(store.updateAlert('a1', { status: 'dismissed', reason: 'other' }, 'u')).rejects.toThrow(TransitionError);
      });

      it('assigns, unassigns and audits every change with its actor', async () => {
        await store.updateAlert('a1', { assignee: 'ana' }, 'analyst:1');
        await store.updateAlert('a1', { assignee: null, note: 'handing over' }, 'analyst:2');
        const a = await store.getAlert('a1');
        expect(a.assignee).toBeNull();
        expect(a.audit.map((e) => [e.actor, e.action, e.details])).toEqual([
          ['analyst:1', 'assigned', { from: null, to: 'ana' }],
          ['analyst:2', 'assigned', { from: 'ana', to: null }],
          ['analyst:2', 'note_added', { note_id: a.notes[0].note_id }],
        ]);
        expect(a.notes[0]).toMatchObject({ author: 'analyst:2', text: 'handing over', created_at: clock });
      });

      it('keeps hostile text intact', async () => {
        await store.updateAlert('a1', { assignee: HOSTILE, note: HOSTILE }, HOSTILE);
        const a = await store.getAlert('a1');
        expect(a.assignee).toBe(HOSTILE);
        expect(a.notes[0].text).toBe(HOSTILE);
        expect(a.notes[0].author).toBe(HOSTILE);
      });

      it('reports unknown alerts', async () => {
        await expect(store.getAlert('nope')).rejects.toThrow(NotFoundError);
        await expect(store.updateAlert('nope', { status: 'acknowledged' }, 'u')).rejects.toThrow(NotFoundError);
      });
    });

    describe('false-positive suppression', () => {
      const dismissAsFalsePositive = async (id: string) => {
        await store.updateAlert(id, { status: 'acknowledged' }, 'u');
        await store.updateAlert(id, { status: 'dismissed', reason: 'false_positive' }, 'u');
      };
      beforeEach(async () => {
        await upsert(makeAlert({ alert_id: 'fp', severity: 'medium' }));
        await dismissAsFalsePositive('fp');
      });

      it('stores a later alert of the key at the same or lower severity already dismissed', async () => {
        clock += 6 * DAY;
        await upsert(makeAlert({ alert_id: 'same', severity: 'medium' }), makeAlert({ alert_id: 'lower', severity: 'low' }));
        for (const id of ['same', 'lower']) {
          const a = await store.getAlert(id);
          expect(a).toMatchObject({ status: 'dismissed', dismiss_reason: 'false_positive' });
          expect(a.audit.map((e) => [e.actor, e.action])).toEqual([['system', 'suppressed']]);
        }
      });

      it('opens a more severe alert, another key, or one after the suppression ends', async () => {
        await upsert(
          makeAlert({ alert_id: 'higher', severity: 'high' }),
          makeAlert({ alert_id: 'other-key', api_key_id: 'key-2', severity: 'low' }),
        );
        clock += 7 * DAY;
        await upsert(makeAlert({ alert_id: 'later', severity: 'low' }));
        for (const id of ['higher', 'other-key', 'later']) expect((await store.getAlert(id)).status).toBe('open');
      });

      it('reopens the dismissed alert itself when its severity grows', async () => {
        await upsert(makeAlert({ alert_id: 'fp', severity: 'medium', score: 0.65 }));
        expect((await store.getAlert('fp')).status).toBe('dismissed');
        await upsert(makeAlert({ alert_id: 'fp', severity: 'critical' }));
        const a = await store.getAlert('fp');
        expect(a.status).toBe('open');
        expect(a.audit.at(-1)).toMatchObject({ actor: 'system', action: 'status_changed', details: { from: 'dismissed', to: 'open' } });
      });
    });

    describe('listing', () => {
      const alerts = [
        makeAlert({ alert_id: 'a', detected_at: T0 + 1, severity: 'low' }),
        makeAlert({ alert_id: 'b', detected_at: T0 + 2, severity: 'critical', api_key_id: 'key-2', account_id: 'acct-2' }),
        makeAlert({ alert_id: 'c', detected_at: T0 + 2, severity: 'high', related_api_key_ids: ['key-9'] }),
        makeAlert({
          alert_id: 'd',
          detected_at: T0 + 3,
          severity: 'medium',
          signals: [{ detector: 'templating', score: 0.9, summary: 't', evidence: {} }],
        }),
      ];
      const ids = async (q: Partial<Parameters<DataStore['listAlerts']>[0]>) =>
        (await store.listAlerts({ sort: 'detected_at:desc', limit: 100, ...q })).items.map((a) => a.alert_id);

      beforeEach(async () => {
        await upsert(...alerts);
        await store.updateAlert('a', { status: 'acknowledged' }, 'u');
      });

      it('sorts newest first by default, ties by id', async () => {
        expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
        expect(await ids({ sort: 'detected_at:asc' })).toEqual(['a', 'b', 'c', 'd']);
        expect(await ids({ sort: 'severity:desc' })).toEqual(['b', 'c', 'd', 'a']);
      });

      it('filters', async () => {
        expect(await ids({ status: ['acknowledged'] })).toEqual(['a']);
        expect(await ids({ status: ['open', 'acknowledged'] })).toEqual(['d', 'c', 'b', 'a']);
        expect(await ids({ severity: 'high' })).toEqual(['c', 'b']);
        expect(await ids({ detector: 'templating' })).toEqual(['d']);
        expect(await ids({ api_key_id: 'key-2' })).toEqual(['b']);
        expect(await ids({ api_key_id: 'key-9' })).toEqual(['c']);
        expect(await ids({ account_id: 'acct-2' })).toEqual(['b']);
        expect(await ids({ detected_from: T0 + 2, detected_to: T0 + 3 })).toEqual(['c', 'b']);
      });

      it.each(['detected_at:desc', 'detected_at:asc', 'severity:desc'] as const)(
        'pages through %s without repeats or gaps while alerts are inserted',
        async (sort) => {
          const all = await ids({ sort });
          const seen: string[] = [];
          let cursor: string | undefined;
          let inserted = 0;
          do {
            const page = await store.listAlerts({ sort, limit: 1, cursor });
            seen.push(...page.items.map((a) => a.alert_id));
            cursor = page.next_cursor ?? undefined;
            // Newer, older and tied alerts arrive between pages.
            const at = [T0 + 10, T0, T0 + 2][inserted % 3];
            await upsert(makeAlert({ alert_id: `new-${inserted++}`, detected_at: at, severity: 'medium' }));
          } while (cursor);
          for (const id of all) expect(seen.filter((s) => s === id)).toHaveLength(1);
          expect(new Set(seen).size).toBe(seen.length);
        },
      );

      it('rejects cursors that are malformed or from another sort', async () => {
        const { next_cursor } = await store.listAlerts({ sort: 'detected_at:desc', limit: 1 });
        expect(next_cursor).not.toBeNull();
        const bad = [
          'not-a-cursor',
          Buffer.from('{"s":"alerts/detected_at:desc","k":[1]}').toString('base64url'),
          Buffer.from('{"s":"alerts/detected_at:desc","k":["x","y"]}').toString('base64url'),
          Buffer.from(`{"s":"alerts/detected_at:desc","k":[1,"a"],"extra":"'; DROP TABLE alerts"}`).toString('base64url'),
        ];
        for (const cursor of bad) {
          await expect(store.listAlerts({ sort: 'detected_at:desc', limit: 1, cursor })).rejects.toThrow(InvalidCursorError);
        }
        await expect(store.listAlerts({ sort: 'severity:desc', limit: 1, cursor: next_cursor! })).rejects.toThrow(
          InvalidCursorError,
        );
      });

      it('counts alerts by severity and status', async () => {
        const counts = await store.countAlerts();
        expect(counts).toEqual(
          expect.arrayContaining([
            { severity: 'low', status: 'acknowledged', count: 1 },
            { severity: 'critical', status: 'open', count: 1 },
          ]),
        );
        expect(counts.reduce((n, c) => n + c.count, 0)).toBe(4);
      });
    });

    describe('alert detail', () => {
      it('has the samples of the alert, with or without prompt text', async () => {
        const sample = (request_id: string, prompt: string | null) => ({
          request_id,
          api_key_id: 'key-1',
          ts: T0,
          model: 'm',
          prompt_tokens: 1,
          completion_tokens: 2,
          finish_reason: null,
          prompt,
        });
        await store.writeOutput(
          outputOf({
            alerts: [makeAlert({ alert_id: 'a1', sample_request_ids: ['r1', 'r2'] })],
            samples: [sample('r1', HOSTILE), sample('r2', null), sample('r3', 'not this alert')],
          }),
        );
        const a = await store.getAlert('a1');
        expect(a.samples).toEqual([sample('r1', HOSTILE), sample('r2', null)]);
        expect(a.severity_history).toHaveLength(1);
      });
    });

    describe('key profile', () => {
      it('has the latest assessment, hourly history and alerts', async () => {
        const signals = [{ detector: 'volume' as const, score: 0.5, summary: 's', evidence: { n: 1 } }];
        const hour = (h: number, requests: number) => ({
          api_key_id: 'key-1',
          account_id: 'acct-1',
          hour: T0 + h * 3600_000,
          requests,
          tokens: requests * 10,
          max_score: 0.1 * h,
        });
        await store.writeOutput(
          outputOf({
            alerts: [makeAlert({ alert_id: 'a1' })],
            hours: [hour(1, 5), hour(0, 3)],
            assessments: [{ api_key_id: 'key-1', account_id: 'acct-1', at: T0, requests: 8, score: 0.5, signals }],
          }),
        );
        await store.writeOutput(outputOf({ hours: [hour(1, 7)] }));
        const p = await store.keyProfile('key-1');
        expect(p).toMatchObject({ api_key_id: 'key-1', account_id: 'acct-1', allowlisted: false });
        expect(p.assessment).toEqual({ at: T0, requests: 8, score: 0.5, signals });
        expect(p.hours.map((h) => h.requests)).toEqual([3, 7]);
        expect(p.alerts.map((a) => a.alert_id)).toEqual(['a1']);
        await expect(store.keyProfile('unknown')).rejects.toThrow(NotFoundError);
      });
    });

    describe('member keys', () => {
      it('reads many keys at once: accounts from traffic or alerts, own alerts newest first, allow-listing', async () => {
        const hour = { hour: T0, requests: 3, tokens: 30, max_score: 0.1 };
        await store.writeOutput(
          outputOf({
            alerts: [
              makeAlert({ alert_id: 'a1' }),
              makeAlert({ alert_id: 'a2', detected_at: T0 + 3600_000 }),
              makeAlert({ alert_id: 'h1', api_key_id: HOSTILE, account_id: 'acct-h' }),
              makeAlert({ alert_id: 'c1', kind: 'cluster', detected_at: T0 + 7200_000, related_api_key_ids: ['key-1', 'key-2', 'key-3', HOSTILE] }),
            ],
            assessments: [{ api_key_id: 'key-2', account_id: 'acct-2', at: T0, requests: 8, score: 0.5, signals: [] }],
            hours: [{ api_key_id: 'key-3', account_id: 'acct-3', ...hour }],
          }),
        );
        await store.addAllowlistEntry({ kind: 'account', value: 'acct-2', reason: 'partner', expires_at: null }, 'admin:1');
        const members = await store.memberKeys(['key-1', 'key-2', 'key-3', HOSTILE, 'nobody']);
        expect([...members.keys()].sort()).toEqual(['key-1', 'key-2', 'key-3', HOSTILE].sort());
        expect(members.get('key-1')).toMatchObject({ account_id: 'acct-1', allowlisted: false });
        // The cluster alert anchored on key-1 is its own; the one naming it as a member is not key-2's.
        expect(members.get('key-1')!.alerts.map((a) => a.alert_id)).toEqual(['c1', 'a2', 'a1']);
        expect(members.get('key-2')).toEqual({ account_id: 'acct-2', allowlisted: true, alerts: [] });
        expect(members.get('key-3')).toEqual({ account_id: 'acct-3', allowlisted: false, alerts: [] });
        expect(members.get(HOSTILE)).toMatchObject({ account_id: 'acct-h', alerts: [expect.objectContaining({ alert_id: 'h1' })] });
        expect((await store.memberKeys([])).size).toBe(0);
      });

      it('reads clusters larger than one query takes', async () => {
        const ids = Array.from({ length: 450 }, (_, i) => `member-${i}`);
        await store.writeOutput(
          outputOf({ assessments: ids.map((id, i) => ({ api_key_id: id, account_id: `acct-${i % 7}`, at: T0, requests: 8, score: 0.5, signals: [] })) }),
        );
        const members = await store.memberKeys([...ids, 'nobody']);
        expect(members.size).toBe(450);
        expect(members.get('member-449')?.account_id).toBe(`acct-${449 % 7}`);
      });
    });

    describe('allow-list', () => {
      it('covers keys and accounts until expiry, and audits edits', async () => {
        const key = await store.addAllowlistEntry({ kind: 'api_key', value: 'key-1', reason: HOSTILE, expires_at: null }, 'admin:1');
        const acct = await store.addAllowlistEntry(
          { kind: 'account', value: 'acct-2', reason: 'partner', expires_at: clock + DAY },
          'admin:1',
        );
        expect(key).toMatchObject({ kind: 'api_key', value: 'key-1', reason: HOSTILE, author: 'admin:1', active: true });
        expect(store.isAllowlisted('key-1', 'acct-x', clock)).toBe(true);
        expect(store.isAllowlisted('key-x', 'acct-2', clock)).toBe(true);
        expect(store.isAllowlisted('key-x', 'acct-2', clock + DAY)).toBe(false);
        expect(store.isAllowlisted('key-x', 'acct-x', clock)).toBe(false);

        clock += 2 * DAY;
        expect((await store.listAllowlist({ includeInactive: false })).map((e) => e.entry_id)).toEqual([key.entry_id]);
        expect((await store.listAllowlist({ includeInactive: true })).map((e) => [e.entry_id, e.active])).toEqual([
          [key.entry_id, true],
          [acct.entry_id, false],
        ]);

        await store.removeAllowlistEntry(key.entry_id, 'admin:2');
        expect(store.isAllowlisted('key-1', 'acct-x', clock)).toBe(false);
        await expect(store.removeAllowlistEntry(key.entry_id, 'admin:2')).rejects.toThrow(NotFoundError);
        const audit = await store.listAudit({ target_type: 'allowlist', limit: 10 });
        expect(audit.items.map((e) => [e.actor, e.action, e.target_id])).toEqual([
          ['admin:2', 'allowlist_removed', key.entry_id],
          ['admin:1', 'allowlist_added', acct.entry_id],
          ['admin:1', 'allowlist_added', key.entry_id],
        ]);
        expect(audit.items[0].details).toMatchObject({ value: 'key-1', reason: HOSTILE });
      });

      it('shows in the key profile', async () => {
        await upsert(makeAlert({ alert_id: 'a1' }));
        await store.addAllowlistEntry({ kind: 'account', value: 'acct-1', reason: 'r', expires_at: null }, 'admin:1');
        expect((await store.keyProfile('key-1')).allowlisted).toBe(true);
      });
    });

    describe('audit', () => {
      it('lists newest first with filters and pages', async () => {
        await upsert(makeAlert({ alert_id: 'a1' }), makeAlert({ alert_id: 'a2' }));
        for (let i = 0; i < 5; i++) {
          clock += 1000;
          await store.updateAlert(i % 2 ? 'a1' : 'a2', { note: `n${i}` }, `analyst:${i % 2}`);
        }
        const all = await store.listAudit({ limit: 100 });
        expect(all.items.map((e) => e.details.note_id)).toHaveLength(5);
        expect(all.items.map((e) => e.at)).toEqual([...all.items.map((e) => e.at)].sort((a, b) => b - a));

        expect((await store.listAudit({ target_id: 'a1', limit: 100 })).items).toHaveLength(2);
        expect((await store.listAudit({ actor: 'analyst:0', action: 'note_added', limit: 100 })).items).toHaveLength(3);
        expect((await store.listAudit({ since: all.items[1].at, limit: 100 })).items).toHaveLength(2);

        const paged: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listAudit({ limit: 2, cursor });
          paged.push(...page.items.map((e) => e.audit_id));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        expect(paged).toEqual(all.items.map((e) => e.audit_id));
        await expect(store.listAudit({ limit: 2, cursor: 'eyJzIjoiYXVkaXQifQ' })).rejects.toThrow(InvalidCursorError);
      });
    });

    describeActionStoreContract({
      store: () => store,
      clock: {
        get now() {
          return clock;
        },
        set now(at: number) {
          clock = at;
        },
      },
    });
  });
}
