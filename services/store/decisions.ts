import type { Decision, DecisionStatus } from '../../schemas/enforcement';
import type { AuditInput } from './audit-rows';
import type { DecisionEnd, DeliveryAttempt, NewDecision } from './actions';
import { TransitionError } from './errors';
import { sortableId } from './ids';
import type { KeysetOrder } from './keyset';

/** A decision as both stores keep it: `active` means "not ended", whatever `until` says. */
export type DecisionRow = Omit<Decision, 'deliveries' | 'status'> & { status: DecisionStatus; dedupe_key: string | null };

export const DECISION_ORDER: KeysetOrder<DecisionRow> = {
  name: 'enforcement',
  columns: [
    { name: 'created_at', type: 'number' },
    { name: 'decision_id', type: 'string' },
  ],
  descending: true,
};

/**
 * Alert, key and action of a policy decision: the same alert cannot cause the same action on the
 * same key twice (a cluster alert acts on each of its members). An exclusion is apart, so that an
 * allow-listed key excluded once still gets the action when its entry is gone.
 */
export const dedupeKey = (d: Pick<NewDecision, 'alert_id' | 'api_key_id' | 'action' | 'excluded'>) =>
  d.alert_id === null ? null : `${d.alert_id}/${d.api_key_id}/${d.action}${d.excluded ? '/excluded' : ''}`;

function statusOf(d: NewDecision): DecisionStatus {
  if (d.excluded) return 'excluded';
  return d.dry_run ? 'dry_run' : 'active';
}

export function newDecisionRow(d: NewDecision, now: number): DecisionRow {
  const { duration_ms, dry_run: _, excluded: __, ...fields } = d;
  return {
    ...fields,
    decision_id: `dec_${sortableId(now)}`,
    dedupe_key: dedupeKey(d),
    status: statusOf(d),
    created_at: now,
    until: now + duration_ms,
    ended_at: null,
    ended_by: null,
    end_reason: null,
  };
}

/** The status as read at `now`: an active decision past its `until` has expired. */
export function decisionAt({ dedupe_key: _, ...row }: DecisionRow, now: number): Omit<Decision, 'deliveries'> {
  return { ...row, status: row.status === 'active' && row.until <= now ? 'expired' : row.status };
}

/** The decision ended as asked; TransitionError when it is not active (any more). */
export function endedRow(row: DecisionRow, end: DecisionEnd, now: number): DecisionRow {
  if (row.status !== 'active') throw new TransitionError(`the decision is ${row.status}, not active`);
  if (end.status === 'lifted' && row.until <= now) throw new TransitionError('the decision has already expired');
  return { ...row, status: end.status, ended_at: now, ended_by: end.actor, end_reason: end.reason };
}

/** On the decision, and on the alert that caused it so that the alert's activity shows it. */
export function decisionAudit(row: DecisionRow, actor: string, action: string, details: Record<string, unknown>): AuditInput[] {
  const common = { api_key_id: row.api_key_id, ...details };
  const entries: AuditInput[] = [
    { actor, action, target_type: 'enforcement', target_id: row.decision_id, details: { alert_id: row.alert_id, ...common } },
  ];
  if (row.alert_id !== null) {
    entries.push({ actor, action, target_type: 'alert', target_id: row.alert_id, details: { decision_id: row.decision_id, ...common } });
  }
  return entries;
}

/** What recording a new decision audits. */
export function recordedAudit(row: DecisionRow, createdBy: string): AuditInput[] {
  const { action, limit_rpm, limit_tpm, until, reason } = row;
  const kind = row.status === 'active' ? 'enforcement_applied' : `enforcement_${row.status}`;
  return decisionAudit(row, createdBy, kind, { action, limit_rpm, limit_tpm, until, reason });
}

const DELIVERY_TARGET = { decision: 'enforcement', alert: 'alert' } as const;

/** A final delivery failure is audited on its subject; other tries are not. */
export function deliveryAudit(a: DeliveryAttempt): AuditInput[] {
  if (a.status !== 'failed') return [];
  return [
    {
      actor: 'system',
      action: 'delivery_failed',
      target_type: DELIVERY_TARGET[a.subject_type],
      target_id: a.subject_id,
      details: { delivery_id: a.delivery_id, channel: a.channel, event: a.event, attempts: a.attempts, error: a.error },
    },
  ];
}
