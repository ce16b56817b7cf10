import { NotFoundError, TransitionError } from '../../services/store/errors';
import type { NewDecision } from '../../services/store/actions';
import type { DataStore } from '../../services/store/types';
import { makeAlert, outputOf, T0 } from '../support/fixtures';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const decision = (o: Partial<NewDecision> = {}): NewDecision => ({
  api_key_id: 'key-1',
  account_id: 'acct-1',
  alert_id: 'a1',
  action: 'throttle',
  limit_rpm: 60,
  limit_tpm: null,
  reason: 'high-throttle: high alert',
  source: 'policy',
  rule: 'high-throttle',
  offence: 1,
  dry_run: false,
  created_by: 'policy',
  duration_ms: HOUR,
  ...o,
});

/**
 * What every store must do for acting on alerts: decisions, deliveries, reports and the
 * aggregates a report reads. Called from `describeStoreContract`, with its store and clock.
 */
export function describeActionStoreContract(ctx: { store: () => DataStore; clock: { now: number } }): void {
  describe('enforcement decisions', () => {
    it('records a decision once per alert and action, audited on the decision and the alert', async () => {
      const store = ctx.store();
      const first = await store.recordDecision(decision());
      expect(first.outcome).toBe('created');
      const again = await store.recordDecision(decision({ limit_rpm: 10 }));
      expect(again).toMatchObject({ outcome: 'exists', decision: { limit_rpm: 60 } });
      expect((await store.recordDecision(decision({ action: 'suspend', limit_rpm: null }))).outcome).toBe('created');
      if (first.outcome !== 'created') return;
      expect(first.decision).toMatchObject({ status: 'active', created_at: ctx.clock.now, until: ctx.clock.now + HOUR, ended_at: null, deliveries: [] });
      const audit = await store.listAudit({ target_id: first.decision.decision_id, limit: 10 });
      expect(audit.items.map((e) => [e.target_type, e.action])).toEqual([['enforcement', 'enforcement_applied']]);
      expect((await store.listAudit({ target_type: 'alert', target_id: 'a1', limit: 10 })).items).toHaveLength(2);
    });

    it('records one decision per key of the same alert, as a cluster alert makes on its members', async () => {
      const store = ctx.store();
      expect((await store.recordDecision(decision({ alert_id: 'c1', api_key_id: 'key-1' }))).outcome).toBe('created');
      expect((await store.recordDecision(decision({ alert_id: 'c1', api_key_id: 'key-2', account_id: 'acct-2' }))).outcome).toBe('created');
      expect((await store.recordDecision(decision({ alert_id: 'c1', api_key_id: 'key-2', account_id: 'acct-2' }))).outcome).toBe('exists');
      const listed = await store.listDecisions({ alert_id: 'c1', limit: 10 });
      expect(listed.items.map((d) => [d.api_key_id, d.account_id]).sort()).toEqual([['key-1', 'acct-1'], ['key-2', 'acct-2']]);
      expect((await store.listAudit({ target_type: 'alert', target_id: 'c1', limit: 10 })).items).toHaveLength(2);
    });

    it('refuses a decision on an allow-listed key or account', async () => {
      const store = ctx.store();
      await store.addAllowlistEntry({ kind: 'account', value: 'acct-1', reason: 'partner', expires_at: null }, 'admin:1');
      expect(await store.recordDecision(decision())).toEqual({ outcome: 'allowlisted' });
      expect((await store.listDecisions({ limit: 10 })).items).toEqual([]);
    });

    it('records the exclusion of an allow-listed key once, audited, never in force and never an offence', async () => {
      const store = ctx.store();
      await store.addAllowlistEntry({ kind: 'account', value: 'acct-1', reason: 'partner', expires_at: null }, 'admin:1');
      const first = await store.recordDecision(decision({ excluded: true }));
      expect(first).toMatchObject({ outcome: 'created', decision: { status: 'excluded', api_key_id: 'key-1' } });
      expect(await store.recordDecision(decision({ excluded: true }))).toMatchObject({ outcome: 'exists' });
      expect(await store.activeDecisions('key-1')).toEqual([]);
      expect(await store.countOffences('key-1', ctx.clock.now - DAY, false, null)).toBe(0);
      expect((await store.listDecisions({ status: 'excluded', limit: 10 })).items).toHaveLength(1);
      const audit = await store.listAudit({ target_type: 'alert', target_id: 'a1', limit: 10 });
      expect(audit.items.map((e) => e.action)).toEqual(['enforcement_excluded']);
    });

    it('records the action after an exclusion once the key is no longer allow-listed, each once', async () => {
      const store = ctx.store();
      const entry = await store.addAllowlistEntry({ kind: 'account', value: 'acct-1', reason: 'partner', expires_at: null }, 'admin:1');
      const excluded = await store.recordDecision(decision({ excluded: true }));
      await store.removeAllowlistEntry(entry.entry_id, 'admin:1');
      const applied = await store.recordDecision(decision());
      expect(applied).toMatchObject({ outcome: 'created', decision: { status: 'active', api_key_id: 'key-1', alert_id: 'a1' } });
      expect(await store.recordDecision(decision())).toMatchObject({ outcome: 'exists' });
      expect(await store.recordDecision(decision({ excluded: true }))).toMatchObject({ outcome: 'exists' });
      const all = (await store.listDecisions({ alert_id: 'a1', limit: 10 })).items;
      expect(all.map((d) => [d.decision_id, d.status]).sort()).toEqual(
        [
          [excluded.outcome === 'created' && excluded.decision.decision_id, 'excluded'],
          [applied.outcome === 'created' && applied.decision.decision_id, 'active'],
        ].sort(),
      );
    });

    it('lists with filters, reads a past active decision as expired, and orders the ones in force strictest first', async () => {
      const store = ctx.store();
      await store.recordDecision(decision({ alert_id: 'a1', limit_rpm: 60 }));
      ctx.clock.now += 1000;
      await store.recordDecision(decision({ alert_id: 'a2', limit_rpm: 10, duration_ms: 10 * HOUR }));
      ctx.clock.now += 1000;
      await store.recordDecision(decision({ alert_id: 'a3', action: 'suspend', limit_rpm: null, duration_ms: 2 * HOUR }));
      await store.recordDecision(decision({ alert_id: 'a4', api_key_id: 'key-2', dry_run: true }));
      await store.recordDecision(decision({ alert_id: null, source: 'manual', rule: null, created_by: 'admin:1' }));

      expect((await store.activeDecisions('key-1')).map((d) => d.alert_id)).toEqual(['a3', 'a2', null, 'a1']);
      expect((await store.listDecisions({ status: 'dry_run', limit: 10 })).items.map((d) => d.alert_id)).toEqual(['a4']);
      expect((await store.listDecisions({ source: 'manual', limit: 10 })).items).toHaveLength(1);
      expect((await store.listDecisions({ alert_id: 'a2', limit: 10 })).items.map((d) => d.limit_rpm)).toEqual([10]);

      ctx.clock.now += HOUR;
      expect((await store.activeDecisions('key-1')).map((d) => d.alert_id)).toEqual(['a3', 'a2']);
      const expired = await store.listDecisions({ status: 'expired', limit: 10 });
      expect(expired.items.map((d) => d.alert_id).sort()).toEqual(['a1', null]);

      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDecisions({ limit: 2, cursor });
        paged.push(...page.items.map((d) => d.decision_id));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(paged).toEqual((await store.listDecisions({ limit: 10 })).items.map((d) => d.decision_id));
    });

    it('counts offences by alert, apart from the one at hand and by mode', async () => {
      const store = ctx.store();
      await store.recordDecision(decision({ alert_id: 'a1' }));
      await store.recordDecision(decision({ alert_id: 'a1', action: 'suspend', limit_rpm: null }));
      await store.recordDecision(decision({ alert_id: 'a2' }));
      await store.recordDecision(decision({ alert_id: null, source: 'manual' }));
      await store.recordDecision(decision({ alert_id: 'a3', dry_run: true }));
      const since = ctx.clock.now - DAY;
      expect(await store.countOffences('key-1', since, false, null)).toBe(3);
      expect(await store.countOffences('key-1', since, false, 'a1')).toBe(2);
      expect(await store.countOffences('key-1', since, true, null)).toBe(1);
      expect(await store.countOffences('key-1', ctx.clock.now + 1, false, null)).toBe(0);
    });

    it('lists the decisions not ended, past their until or not, by id for paging (what still needs an expiry)', async () => {
      const store = ctx.store();
      const ids: string[] = [];
      for (const alertId of ['u1', 'u2', 'u3', 'u4']) {
        const r = await store.recordDecision(decision({ alert_id: alertId, duration_ms: alertId === 'u1' ? 1000 : HOUR }));
        if (r.outcome === 'created') ids.push(r.decision.decision_id);
      }
      await store.recordDecision(decision({ alert_id: 'u5', dry_run: true }));
      await store.recordDecision(decision({ alert_id: 'u6', excluded: true }));
      await store.endDecision(ids[3], { status: 'lifted', actor: 'analyst:1', reason: 'x' });
      ctx.clock.now += 2000;
      // u1 has run out: it reads as expired, but nothing has ended it yet.
      expect((await store.getDecision(ids[0])).status).toBe('expired');
      const open = ids.slice(0, 3).sort();
      const all = await store.unendedDecisions(null, 10);
      expect(all.map((d) => d.decision_id)).toEqual(open);
      expect(all.every((d) => d.ended_at === null)).toBe(true);
      const first = await store.unendedDecisions(null, 2);
      expect(first.map((d) => d.decision_id)).toEqual(open.slice(0, 2));
      expect((await store.unendedDecisions(first[1].decision_id, 2)).map((d) => d.decision_id)).toEqual(open.slice(2));
      await store.endDecision(ids[0], { status: 'expired', actor: 'system', reason: 'ran out' });
      expect((await store.unendedDecisions(null, 10)).map((d) => d.decision_id)).toEqual(open.filter((id) => id !== ids[0]));
    });

    it('ends an active decision once, audited', async () => {
      const store = ctx.store();
      const r = await store.recordDecision(decision());
      if (r.outcome !== 'created') throw new Error('not created');
      ctx.clock.now += 1000;
      const lifted = await store.endDecision(r.decision.decision_id, { status: 'lifted', actor: 'analyst:1', reason: 'customer called' });
      expect(lifted).toMatchObject({ status: 'lifted', ended_at: ctx.clock.now, ended_by: 'analyst:1', end_reason: 'customer called' });
      await expect(store.endDecision(r.decision.decision_id, { status: 'expired', actor: 'system', reason: 'x' })).rejects.toThrow(TransitionError);
      await expect(store.endDecision('dec_nope', { status: 'lifted', actor: 'a', reason: 'x' })).rejects.toThrow(NotFoundError);
      await expect(store.getDecision('dec_nope')).rejects.toThrow(NotFoundError);
      expect((await store.activeDecisions('key-1'))).toEqual([]);
    });
  });

  describe('deliveries', () => {
    it('keeps the latest try of each delivery on its decision, and audits a final failure', async () => {
      const store = ctx.store();
      const r = await store.recordDecision(decision());
      if (r.outcome !== 'created') throw new Error('not created');
      const subject = { delivery_id: 'd1', subject_type: 'decision' as const, subject_id: r.decision.decision_id, channel: 'webhook', event: 'applied' };
      await store.recordDelivery({ ...subject, status: 'retrying', attempts: 1, error: 'HTTP 500' });
      await store.recordDelivery({ ...subject, status: 'failed', attempts: 3, error: 'HTTP 503' });
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'failed', attempts: 3, error: 'HTTP 503', channel: 'webhook' });
      expect(await store.getDelivery('d2')).toBeUndefined();
      expect((await store.getDecision(r.decision.decision_id)).deliveries).toEqual([
        { delivery_id: 'd1', channel: 'webhook', event: 'applied', status: 'failed', attempts: 3, error: 'HTTP 503', updated_at: ctx.clock.now },
      ]);
      const audit = await store.listAudit({ action: 'delivery_failed', limit: 10 });
      expect(audit.items.map((e) => e.target_id)).toEqual([r.decision.decision_id]);
    });
  });

  describe('reports', () => {
    it('creates once per id, finishes with data or an error, and lists newest first', async () => {
      const store = ctx.store();
      const range = { from: T0, to: T0 + 7 * DAY };
      const created = await store.createReport({ report_id: 'r-1', trigger: 'api', range, requested_by: 'analyst:1' });
      expect(created).toEqual({ report_id: 'r-1', status: 'pending', trigger: 'api', range, requested_by: 'analyst:1', created_at: ctx.clock.now, finished_at: null, error: null });
      ctx.clock.now += 1000;
      expect(await store.createReport({ report_id: 'r-1', trigger: 'cli', range, requested_by: 'x' })).toEqual(created);
      await store.createReport({ report_id: 'r-2', trigger: 'schedule', range, requested_by: 'schedule' });
      // The data is opaque to the store: it keeps whatever the report job made.
      const data = { report_id: 'r-1', marker: `it's "quoted" <b>` } as never;
      expect(await store.finishReport('r-1', { data })).toMatchObject({ status: 'ready', finished_at: ctx.clock.now });
      expect(await store.finishReport('r-2', { error: 'boom' })).toMatchObject({ status: 'failed', error: 'boom' });
      expect((await store.getReport('r-1')).data).toEqual(data);
      expect((await store.getReport('r-2')).data).toBeNull();
      expect((await store.listReports(10)).map((r) => r.report_id)).toEqual(['r-2', 'r-1']);
      await expect(store.getReport('nope')).rejects.toThrow(NotFoundError);
    });
  });

  describe('report reads', () => {
    beforeEach(async () => {
      const hour = (api_key_id: string, account_id: string, h: number, requests: number, max_score: number) => ({
        api_key_id,
        account_id,
        hour: T0 + h * HOUR,
        requests,
        tokens: requests * 100,
        max_score,
      });
      await ctx.store().writeOutput(
        outputOf({
          alerts: [makeAlert({ alert_id: 'a1' })],
          hours: [
            hour('k1', 'acc-a', 0, 10, 0.25),
            hour('k1', 'acc-a', 25, 30, 0.75),
            hour('k2', 'acc-a', 1, 50, 0.75),
            hour('k3', 'acc-b', 2, 5, 0.5),
            hour('k4', 'acc-c', 200, 99, 1),
          ],
        }),
      );
    });
    const range = { from: T0, to: T0 + 2 * DAY };

    it('sums traffic over the range and by UTC day', async () => {
      const t = await ctx.store().traffic(range);
      const day0 = Math.floor(T0 / DAY) * DAY;
      expect(t).toEqual({
        events: 95,
        tokens: 9500,
        keys: 3,
        accounts: 2,
        daily: [
          { day: day0, events: 65, tokens: 6500, keys: 3 },
          { day: day0 + DAY, events: 30, tokens: 3000, keys: 1 },
        ],
      });
      expect(await ctx.store().traffic({ from: T0 + 300 * HOUR, to: T0 + 400 * HOUR })).toEqual({ events: 0, tokens: 0, keys: 0, accounts: 0, daily: [] });
    });

    it('ranks keys and accounts by highest score, then requests, then id', async () => {
      expect(await ctx.store().topKeys(range, 10)).toEqual([
        { api_key_id: 'k2', account_id: 'acc-a', requests: 50, tokens: 5000, max_score: 0.75 },
        { api_key_id: 'k1', account_id: 'acc-a', requests: 40, tokens: 4000, max_score: 0.75 },
        { api_key_id: 'k3', account_id: 'acc-b', requests: 5, tokens: 500, max_score: 0.5 },
      ]);
      expect((await ctx.store().topKeys(range, 1)).map((k) => k.api_key_id)).toEqual(['k2']);
      expect(await ctx.store().topAccounts(range, 10)).toEqual([
        { account_id: 'acc-a', keys: 2, requests: 90, tokens: 9000, max_score: 0.75 },
        { account_id: 'acc-b', keys: 1, requests: 5, tokens: 500, max_score: 0.5 },
      ]);
    });
  });
}
