import type { Alert } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';
import type { EnforcementAction, EnforcementPolicy, PolicyRule } from '../../schemas/enforcement';

const MINUTE = 60_000;

export interface DecisionContext {
  /** The key or its account is on the allow-list now. */
  allowlisted: boolean;
  /** Other alerts (or manual actions) that led to a decision on the key within the escalation window. */
  priorOffences: number;
}

export type Verdict =
  | { act: false; why: string }
  | {
      act: true;
      rule: string;
      action: EnforcementAction;
      limit_rpm: number | null;
      limit_tpm: number | null;
      offence: number;
      duration_ms: number;
      dry_run: boolean;
      reason: string;
    };

type Judged = Pick<Alert, 'severity' | 'score' | 'signals' | 'status'>;

function matches(rule: PolicyRule, alert: Judged): boolean {
  return (
    severityRank(alert.severity) >= severityRank(rule.min_severity) &&
    alert.score >= rule.min_score &&
    (rule.detectors.length === 0 || alert.signals.some((s) => rule.detectors.includes(s.detector)))
  );
}

/** What the policy does about an alert: pure, so that every branch is a unit test. */
export function decide(alert: Judged, policy: EnforcementPolicy, ctx: DecisionContext): Verdict {
  if (ctx.allowlisted) return { act: false, why: 'the key or its account is allow-listed' };
  if (alert.status === 'dismissed') return { act: false, why: 'the alert is dismissed' };
  const rule = policy.rules.find((r) => matches(r, alert));
  if (!rule) return { act: false, why: 'no rule matches' };
  const offence = ctx.priorOffences + 1;
  const { factor, max_duration_minutes, window_days } = policy.escalation;
  const minutes = Math.min(rule.duration_minutes * factor ** (offence - 1), max_duration_minutes);
  const detectors = [...alert.signals].sort((a, b) => b.score - a.score).map((s) => s.detector);
  const repeat = offence > 1 ? `; offence ${offence} within ${window_days} days` : '';
  return {
    act: true,
    rule: rule.name,
    action: rule.action.type,
    limit_rpm: rule.action.type === 'throttle' ? (rule.action.limit_rpm ?? null) : null,
    limit_tpm: rule.action.type === 'throttle' ? (rule.action.limit_tpm ?? null) : null,
    offence,
    duration_ms: Math.round(minutes * MINUTE),
    dry_run: policy.mode === 'dry_run',
    reason: `${rule.name}: ${alert.severity} alert, score ${alert.score.toFixed(2)}, signals from ${detectors.join(', ') || 'none'}${repeat}`,
  };
}
