import type { Alert } from '../../schemas/alert';
import type { AllowlistEntry } from '../../schemas/api';
import type { Decision, DecisionListQuery, EnforcementPolicy, ManualThrottle } from '../../schemas/enforcement';
import { clusterMembers } from '../clusters/members';
import type { JobContext, Producer } from '../jobs/queue';
import { mustExist } from '../jobs/queue';
import type { DecisionEvent, DeliverPayload, EnforcementChannel, EvaluatePayload, ExpirePayload } from '../jobs/queues';
import { jobIds } from '../jobs/queues';
import type { EnforcementStore } from '../store/actions';
import { TransitionError } from '../store/errors';
import type { AlertStore, AllowlistView } from '../store/types';
import type { Acting } from './decide';
import { decide, sanction } from './decide';

const DAY = 86_400_000;
const MINUTE = 60_000;
const PAGE = 1000;

/** A key a decision is made on. */
interface Target {
  api_key_id: string;
  account_id: string;
  allowlisted: boolean;
}

export interface EnforcementDeps {
  store: EnforcementStore & Pick<AlertStore, 'getAlert' | 'keyProfile' | 'memberKeys'> & AllowlistView;
  policy: EnforcementPolicy;
  /** Where decisions are published; none in an embedded deployment without Redis, Kafka or a webhook. */
  channels: readonly EnforcementChannel[];
  deliver: Producer<DeliverPayload>;
  expire: Producer<ExpirePayload>;
  evaluate: Producer<EvaluatePayload>;
}

/**
 * Decides, records and announces enforcement. The store is the source of truth and records each
 * decision once; publishing is one job per channel and change, added after the record, and each
 * publish is idempotent, so a crash anywhere is repaired by running the job again.
 */
export class Enforcement {
  constructor(private readonly d: EnforcementDeps) {}

  /** Whether decisions are published anywhere (Redis, Kafka or a webhook is configured). */
  get publishing(): boolean {
    return this.d.channels.length > 0;
  }

  /**
   * The evaluate job: applies the policy to an alert as it is stored now, on each key it covers
   * (every member of a cluster). Running it again adds only what is missing, such as members that
   * joined the cluster since.
   */
  async evaluate(p: EvaluatePayload): Promise<void> {
    const alert = await mustExist(this.d.store.getAlert(p.alert_id));
    const verdict = decide(alert, this.d.policy);
    if (!verdict.act) return;
    const { targets, unknown } = await this.targets(alert);
    for (const target of targets) await this.apply(alert.alert_id, verdict, target);
    // A member's account comes from its traffic, which a scale-out store may show a little later.
    if (unknown.length) throw new Error(`no traffic recorded yet of member keys ${unknown.slice(0, 5).join(', ')} of ${alert.alert_id}`);
  }

  /** A manual throttle by an admin; refused (409) for an allow-listed key or account. */
  async throttle(apiKeyId: string, t: ManualThrottle, actor: string): Promise<Decision> {
    const { account_id } = await this.d.store.keyProfile(apiKeyId);
    const since = Date.now() - this.d.policy.escalation.window_days * DAY;
    const result = await this.d.store.recordDecision({
      api_key_id: apiKeyId,
      account_id,
      alert_id: null,
      action: 'throttle',
      limit_rpm: t.limit_rpm,
      limit_tpm: null,
      reason: t.reason,
      source: 'manual',
      rule: null,
      offence: (await this.d.store.countOffences(apiKeyId, since, false, null)) + 1,
      dry_run: false,
      created_by: actor,
      duration_ms: t.duration_minutes * MINUTE,
    });
    if (result.outcome === 'allowlisted') throw new TransitionError('the key or its account is allow-listed');
    await this.announce(result.decision, 'applied');
    return result.decision;
  }

  async lift(decisionId: string, actor: string, reason: string): Promise<Decision> {
    const decision = await this.d.store.endDecision(decisionId, { status: 'lifted', actor, reason });
    await this.announce(decision, 'lifted');
    return decision;
  }

  /** Lifts what an alert caused: on a cluster alert, on every member (a false-positive dismissal, or an analyst). */
  liftForAlert(alertId: string, actor: string, reason: string): Promise<Decision[]> {
    return this.liftAll({ alert_id: alertId }, actor, reason);
  }

  /** An allow-list entry lifts what is in force on its key or account. */
  liftForAllowlist(entry: AllowlistEntry, actor: string): Promise<Decision[]> {
    const filter = entry.kind === 'api_key' ? { api_key_id: entry.value } : { account_id: entry.value };
    return this.liftAll(filter, actor, `allow-listed: ${entry.reason}`);
  }

  /**
   * An allow-list entry removed or expired: each alert that excluded a key the entry covered is
   * evaluated again, so that the action follows unless another entry still covers the key. As
   * jobs, so that they run one at a time with the alerts' other evaluations. Returns how many alerts.
   */
  async reviseForEndedAllowlist(entry: AllowlistEntry): Promise<number> {
    const filter = entry.kind === 'api_key' ? { api_key_id: entry.value } : { account_id: entry.value };
    const alertIds = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.d.store.listDecisions({ ...filter, status: 'excluded', limit: PAGE, cursor });
      for (const d of page.items) if (d.alert_id !== null) alertIds.add(d.alert_id);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    for (const alertId of alertIds) {
      const { severity } = await this.d.store.getAlert(alertId);
      const p = { alert_id: alertId, severity };
      await this.d.evaluate.add(p, { jobId: jobIds.reevaluate(p, entry.entry_id) });
    }
    return alertIds.size;
  }

  /** The expire job, due at the decision's `until`. */
  async expire(decisionId: string, ctx: JobContext): Promise<void> {
    const decision = await mustExist(this.d.store.getDecision(decisionId));
    if (decision.ended_at !== null || decision.status === 'dry_run') return;
    if (decision.until > Date.now()) throw new Error(`decision ${decisionId} runs until ${decision.until}; job ${ctx.jobId} came early`);
    try {
      await this.announce(await this.d.store.endDecision(decisionId, { status: 'expired', actor: 'system', reason: 'its duration ran out' }), 'expired');
    } catch (err) {
      // Lifted meanwhile: the lift has announced the end.
      if (!(err instanceof TransitionError)) throw err;
    }
  }

  /**
   * The reconcile sweep, for a decision stored as active and not ended: adds again its expiry job
   * (due at once when `until` has passed) and its `applied` deliveries not yet sent or failed for
   * good, in case the jobs were lost (in-process jobs die with the process). Job ids make this a
   * no-op while they still exist.
   */
  async resume(decision: Decision): Promise<void> {
    const p = { decision_id: decision.decision_id };
    await Promise.all([
      this.redeliver(decision, 'applied'),
      this.d.expire.add(p, { jobId: jobIds.expire(p), delayMs: Math.max(0, decision.until - Date.now()) }),
    ]);
  }

  /**
   * The reconcile sweep, for a decision that has ended (lifted or expired): adds again the
   * deliveries of its end not yet sent or failed for good. Returns how many it added.
   */
  async resumeEnd(decision: Decision): Promise<number> {
    if (decision.ended_at === null || (decision.status !== 'lifted' && decision.status !== 'expired')) return 0;
    return this.redeliver(decision, decision.status);
  }

  /** Adds the deliveries of one change of a decision whose outcome is not on record yet. */
  private async redeliver(decision: Decision, event: DecisionEvent): Promise<number> {
    const settled = new Set(decision.deliveries.filter((d) => d.status === 'sent' || d.status === 'failed').map((d) => d.delivery_id));
    const adds = this.d.channels.flatMap((channel) => {
      const p = { decision_id: decision.decision_id, event, channel };
      const jobId = jobIds.deliver(p);
      return settled.has(jobId) ? [] : [this.d.deliver.add(p, { jobId })];
    });
    await Promise.all(adds);
    return adds.length;
  }

  /** The keys an alert acts on, with their accounts; members whose account is not known yet apart. */
  private async targets(alert: Alert): Promise<{ targets: Target[]; unknown: string[] }> {
    if (alert.kind === 'key') {
      const allowlisted = this.d.store.isAllowlisted(alert.api_key_id, alert.account_id, Date.now());
      return { targets: [{ api_key_id: alert.api_key_id, account_id: alert.account_id, allowlisted }], unknown: [] };
    }
    const members = await clusterMembers(alert, this.d.store);
    return {
      targets: members.flatMap((m) => (m.account_id === null ? [] : [{ api_key_id: m.api_key_id, account_id: m.account_id, allowlisted: m.allowlisted }])),
      unknown: members.filter((m) => m.account_id === null).map((m) => m.api_key_id),
    };
  }

  /** Records the verdict on one key (an exclusion when it is allow-listed) and announces it when in force. */
  private async apply(alertId: string, verdict: Acting, target: Target): Promise<void> {
    const { policy, store } = this.d;
    const since = Date.now() - policy.escalation.window_days * DAY;
    const s = sanction(verdict, policy, await store.countOffences(target.api_key_id, since, verdict.dry_run, alertId));
    const result = await store.recordDecision({
      api_key_id: target.api_key_id,
      account_id: target.account_id,
      alert_id: alertId,
      action: verdict.action,
      limit_rpm: verdict.limit_rpm,
      limit_tpm: verdict.limit_tpm,
      reason: target.allowlisted ? `${s.reason}; not applied: the key or its account is allow-listed` : s.reason,
      source: 'policy',
      rule: verdict.rule.name,
      offence: s.offence,
      dry_run: verdict.dry_run,
      excluded: target.allowlisted,
      created_by: 'policy',
      duration_ms: s.duration_ms,
    });
    // Also when it already existed: an earlier run may have died between recording and announcing.
    if (result.outcome !== 'allowlisted' && result.decision.status === 'active') await this.announce(result.decision, 'applied');
  }

  private async liftAll(filter: Partial<DecisionListQuery>, actor: string, reason: string): Promise<Decision[]> {
    const lifted: Decision[] = [];
    // Each lift ends a decision, so the listing of active ones shrinks: always read its first page.
    for (;;) {
      const { items } = await this.d.store.listDecisions({ ...filter, status: 'active', limit: PAGE });
      for (const d of items) lifted.push(await this.lift(d.decision_id, actor, reason));
      if (items.length < PAGE) return lifted;
    }
  }

  private async announce(decision: Decision, event: DecisionEvent): Promise<void> {
    await Promise.all(
      this.d.channels.map((channel) => {
        const p = { decision_id: decision.decision_id, event, channel };
        return this.d.deliver.add(p, { jobId: jobIds.deliver(p) });
      }),
    );
    if (event === 'applied') {
      const p = { decision_id: decision.decision_id };
      await this.d.expire.add(p, { jobId: jobIds.expire(p), delayMs: Math.max(0, decision.until - Date.now()) });
    }
  }
}
