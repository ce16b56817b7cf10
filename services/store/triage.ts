import type { Alert, AlertStatus, Severity } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';
import type { DismissReason } from '../../schemas/api';
import { TransitionError } from './errors';
import { sortableId } from './ids';
import type { AlertChange } from './types';

// open → acknowledged → confirmed | dismissed, and back to open from any of the latter three.
const NEXT: Record<AlertStatus, readonly AlertStatus[]> = {
  open: ['acknowledged'],
  acknowledged: ['confirmed', 'dismissed', 'open'],
  confirmed: ['open'],
  dismissed: ['open'],
};

/** Why `from → to` is impossible, or undefined when it is allowed. */
export function transitionProblem(from: AlertStatus, to: AlertStatus): string | undefined {
  if (from === to) return `the alert is already ${to}`;
  if (NEXT[from].includes(to)) return undefined;
  return `cannot go from ${from} to ${to}; an alert that is ${from} can only become ${NEXT[from].join(' or ')}`;
}

/** The highest severity a false-positive suppression covers, and until when. */
export interface Suppression {
  severity: Severity;
  expiresAt: number;
}

/** A suppressed alert is stored dismissed; one more severe than the suppression opens normally. */
export function isSuppressed(suppressions: readonly Suppression[], severity: Severity, now: number): boolean {
  return suppressions.some((s) => s.expiresAt > now && severityRank(severity) <= severityRank(s.severity));
}

/** What analysts change on an alert; the store keeps it beside the detection core's alert. */
export interface Triage {
  status: AlertStatus;
  dismiss_reason: DismissReason | null;
  assignee: string | null;
}

/** An audit entry on an alert, before the store gives it an id and a time. */
export interface AlertAudit {
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** What storing a detected alert does to its triage, and what to audit. */
export interface DetectionPlan {
  triage: Triage;
  audit: AlertAudit[];
}

/**
 * A new alert opens, or is stored dismissed when a suppression covers it; a known one keeps its
 * triage, except that a false positive that grows beyond what was dismissed (and beyond any
 * suppression) deserves a fresh look and reopens.
 */
export function planDetection(
  alert: Alert,
  stored: (Triage & { severity: Severity }) | undefined,
  suppressed: boolean,
): DetectionPlan {
  if (!stored) {
    if (!suppressed) return { triage: { status: 'open', dismiss_reason: null, assignee: null }, audit: [] };
    return {
      triage: { status: 'dismissed', dismiss_reason: 'false_positive', assignee: null },
      audit: [
        {
          actor: 'system',
          action: 'suppressed',
          details: { severity: alert.severity, why: 'the key has a false-positive dismissal at this severity or above' },
        },
      ],
    };
  }
  const { severity, ...triage } = stored;
  const escalated =
    triage.status === 'dismissed' &&
    triage.dismiss_reason === 'false_positive' &&
    severityRank(alert.severity) > severityRank(severity) &&
    !suppressed;
  if (!escalated) return { triage, audit: [] };
  return {
    triage: { ...triage, status: 'open', dismiss_reason: null },
    audit: [
      {
        actor: 'system',
        action: 'status_changed',
        details: { from: 'dismissed', to: 'open', why: `severity rose to ${alert.severity}, above its false-positive dismissal` },
      },
    ],
  };
}

/** What a triage change does: the new triage, its audit trail, a note, and whether to suppress. */
export interface TriagePlan {
  triage: Triage;
  audit: AlertAudit[];
  /** The note to add; its audit entry names its id. */
  note: { note_id: string; text: string } | undefined;
  /** A false-positive dismissal: suppress like alerts of the key at the alert's severity. */
  suppress: boolean;
}

/** Plans `change` by `actor` at `now`; throws TransitionError when the status change is impossible. */
export function planTriage(current: Triage, change: AlertChange, actor: string, now: number): TriagePlan {
  const triage = { ...current };
  const audit: AlertAudit[] = [];
  if (change.status !== undefined) {
    const problem = transitionProblem(current.status, change.status);
    if (problem) throw new TransitionError(problem);
    triage.status = change.status;
    triage.dismiss_reason = change.status === 'dismissed' ? (change.reason ?? 'other') : null;
    audit.push({
      actor,
      action: 'status_changed',
      details: { from: current.status, to: change.status, ...(triage.dismiss_reason && { reason: triage.dismiss_reason }) },
    });
  }
  if (change.assignee !== undefined && change.assignee !== current.assignee) {
    triage.assignee = change.assignee;
    audit.push({ actor, action: 'assigned', details: { from: current.assignee, to: change.assignee } });
  }
  const note = change.note === undefined ? undefined : { note_id: sortableId(now), text: change.note };
  if (note) audit.push({ actor, action: 'note_added', details: { note_id: note.note_id } });
  return { triage, audit, note, suppress: change.status === 'dismissed' && triage.dismiss_reason === 'false_positive' };
}
