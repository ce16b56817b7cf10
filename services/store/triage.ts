import type { AlertStatus, Severity } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';

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
