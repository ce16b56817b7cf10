import type { AllowlistEntry } from '../../schemas/api';
import type { Decision, DecisionListQuery, EnforcementPolicy, ManualThrottle } from '../../schemas/enforcement';
import type { JobContext, Producer } from '../jobs/queue';
import { mustExist } from '../jobs/queue';
import type { DecisionEvent, DeliverPayload, EnforcementChannel, EvaluatePayload, ExpirePayload } from '../jobs/queues';
import { jobIds } from '../jobs/queues';
import type { EnforcementStore } from '../store/actions';
import { TransitionError } from '../store/errors';
import type { AlertStore, AllowlistView } from '../store/types';
import { decide } from './decide';

const DAY = 86_400_000;
const MINUTE = 60_000;
const PAGE = 1000;

export interface EnforcementDeps {
  store: EnforcementStore & Pick<AlertStore, 'getAlert' | 'keyProfile'> & AllowlistView;
  policy: EnforcementPolicy;
  /** Where decisions are published; none in an embedded deployment without Redis, Kafka or a webhook. */
  channels: readonly EnforcementChannel[];
  deliver: Producer<DeliverPayload>;
  expire: Producer<ExpirePayload>;
}

/**
 * Decides, records and announces enforcement. The store is the source of truth and records each
 * decision once; publishing is one job per channel and change, added after the record, and each
 * publish is idempotent, so a crash anywhere is repaired by running the job again.
 */
export class Enforcement {
  constructor(private readonly d: EnforcementDeps) {}

  /** The evaluate job: applies the policy to an alert as it is stored now. */
  async evaluate(p: EvaluatePayload): Promise<void> {
    const alert = await mustExist(this.d.store.getAlert(p.alert_id));
    const { policy, store } = this.d;
    const now = Date.now();
    const dryRun = policy.mode === 'dry_run';
    const since = now - policy.escalation.window_days * DAY;
    const verdict = decide(alert, policy, {
      allowlisted: store.isAllowlisted(alert.api_key_id, alert.account_id, now),
      priorOffences: await store.countOffences(alert.api_key_id, since, dryRun, alert.alert_id),
    });
    if (!verdict.act) return;
    const { act: _, ...decision } = verdict;
    const result = await store.recordDecision({
      ...decision,
      api_key_id: alert.api_key_id,
      account_id: alert.account_id,
      alert_id: alert.alert_id,
      source: 'policy',
      created_by: 'policy',
    });
    // Also when it already existed: an earlier run may have died between recording and announcing.
    if (result.outcome !== 'allowlisted' && result.decision.status === 'active') await this.announce(result.decision, 'applied');
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

  /** Dismissing an alert as a false positive lifts what it caused. */
  liftForAlert(alertId: string, actor: string): Promise<Decision[]> {
    return this.liftAll({ alert_id: alertId }, actor, 'the alert was dismissed as a false positive');
  }

  /** An allow-list entry lifts what is in force on its key or account. */
  liftForAllowlist(entry: AllowlistEntry, actor: string): Promise<Decision[]> {
    const filter = entry.kind === 'api_key' ? { api_key_id: entry.value } : { account_id: entry.value };
    return this.liftAll(filter, actor, `allow-listed: ${entry.reason}`);
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
