import type { Alert } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';
import type { EnforcementAction, EnforcementPolicy, PolicyRule } from '../../schemas/enforcement';

const MINUTE = 60_000;

/** What a matching rule does to every key the alert covers, before each key's own record counts. */
export type Verdict =
  | { act: false; why: string }
  | {
      act: true;
      rule: PolicyRule;
      action: EnforcementAction;
      limit_rpm: number | null;
      limit_tpm: number | null;
      dry_run: boolean;
      reason: string;
    };
export type Acting = Extract<Verdict, { act: true }>;

/** The verdict for one key: its offence number and the duration that earns it. */
interface Sanction {
  offence: number;
  duration_ms: number;
  reason: string;
}

type Judged = Pick<Alert, 'kind' | 'related_api_key_ids' | 'severity' | 'score' | 'signals' | 'status'>;

/** The keys an alert's decision acts on: its own key, or every member of a cluster. */
function keysCovered(alert: Pick<Alert, 'kind' | 'related_api_key_ids'>): number {
  return alert.kind === 'cluster' ? alert.related_api_key_ids.length : 1;
}

function matches(rule: PolicyRule, alert: Judged): boolean {
  return (
    severityRank(alert.severity) >= severityRank(rule.min_severity) &&
    alert.score >= rule.min_score &&
    (rule.detectors.length === 0 || alert.signals.some((s) => rule.detectors.includes(s.detector))) &&
    (rule.max_keys === undefined || keysCovered(alert) <= rule.max_keys)
  );
}

function describe(alert: Judged): string {
  const what = alert.kind === 'cluster' ? `${alert.severity} cluster alert of ${keysCovered(alert)} keys` : `${alert.severity} alert`;
  const detectors = [...alert.signals].sort((a, b) => b.score - a.score).map((s) => s.detector);
  return `${what}, score ${alert.score.toFixed(2)}, signals from ${detectors.join(', ') || 'none'}`;
}

/** What the policy does about an alert: pure, so that every branch is a unit test. */
export function decide(alert: Judged, policy: EnforcementPolicy): Verdict {
  if (alert.status === 'dismissed') return { act: false, why: 'the alert is dismissed' };
  const rule = policy.rules.find((r) => matches(r, alert));
  if (!rule) return { act: false, why: 'no rule matches' };
  return {
    act: true,
    rule,
    action: rule.action.type,
    limit_rpm: rule.action.type === 'throttle' ? (rule.action.limit_rpm ?? null) : null,
    limit_tpm: rule.action.type === 'throttle' ? (rule.action.limit_tpm ?? null) : null,
    dry_run: policy.mode === 'dry_run',
    reason: `${rule.name}: ${describe(alert)}`,
  };
}

/** Repeat offenders: each earlier offence of the key within the window multiplies the duration, up to the cap. */
export function sanction(verdict: Acting, policy: EnforcementPolicy, priorOffences: number): Sanction {
  const offence = priorOffences + 1;
  const { factor, max_duration_minutes, window_days } = policy.escalation;
  const minutes = Math.min(verdict.rule.duration_minutes * factor ** (offence - 1), max_duration_minutes);
  const repeat = offence > 1 ? `; offence ${offence} within ${window_days} days` : '';
  return { offence, duration_ms: Math.round(minutes * MINUTE), reason: verdict.reason + repeat };
}
