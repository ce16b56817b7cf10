import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Alert, Severity } from '../../schemas/alert';
import { SEVERITIES, severityRank } from '../../schemas/alert';
import type { NotifyTarget } from '../notify/targets';
import type { Producer } from './queue';
import type { EvaluatePayload, NotifyPayload } from './queues';
import { jobIds } from './queues';

export interface AlertHookDeps {
  evaluate: Producer<EvaluatePayload>;
  notify: Producer<NotifyPayload>;
  /** Alerts below this are not evaluated; null when the policy has no rules. */
  evaluateFrom: Severity | null;
  notifyFrom: Severity;
  targets: readonly NotifyTarget[];
  log: Logger;
}

/** Alerts remembered as already handed over; beyond this the oldest are forgotten (re-adding is harmless). */
const REMEMBERED = 50_000;

/** The highest severity an alert has reached: a de-escalation is not news, a return to the peak neither. */
export function peakSeverity(alert: Alert): Severity {
  const ranks = [alert.severity, ...alert.severity_history.map((h) => h.severity)].map(severityRank);
  return SEVERITIES[Math.max(...ranks)];
}

/** A cluster alert's member set in a few characters (for job ids); undefined for a key alert. */
export function membersDigest(alert: Alert): string | undefined {
  if (alert.kind !== 'cluster') return undefined;
  return createHash('sha256').update(alert.related_api_key_ids.join('\n')).digest('hex').slice(0, 16);
}

interface HandedOver {
  rank: number;
  members: string | undefined;
}

interface HandOverJob {
  jobId: string;
  add(jobId: string): Promise<void>;
}

/**
 * Where detection hands alerts over to enforcement and notification: called after each committed
 * batch, it adds jobs without waiting for them, so that a slow or absent Redis never holds up
 * detection. Each alert is handed over once per peak severity, and a cluster alert to enforcement
 * again when its members change (new members get the action); job ids make that exact.
 */
export class AlertHook {
  private readonly handedOver = new Map<string, HandedOver>();

  constructor(private readonly d: AlertHookDeps) {}

  onAlerts(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      const due = this.due(alert);
      if (!due) continue;
      this.remember(alert.alert_id, due.handed);
      this.add(this.jobs(alert.alert_id, due.peak, due.handed.members, due.escalated)).catch((err: unknown) => {
        // Forgotten, so that the alert's next update (or the next reconcile sweep) tries again.
        this.handedOver.delete(alert.alert_id);
        this.d.log.error({ err, alert_id: alert.alert_id }, 'could not add the jobs of an alert');
      });
    }
  }

  /**
   * The reconcile sweep's hand-over of a stored alert: as `onAlerts`, but waiting for the jobs to
   * be added (a failure throws, and the alert stays unremembered for the next sweep). An alert this
   * process has already handed over at its peak and members is skipped: its jobs were added and
   * exist or have run. Jobs whose outcome is on record (`settled`: a notification sent or failed
   * for good, an evaluation failed for good) are not added again. Returns how many jobs it added.
   */
  async handOverAgain(alert: Alert, settled: (jobId: string) => Promise<boolean>): Promise<number> {
    const due = this.due(alert);
    if (!due) return 0;
    const jobs: HandOverJob[] = [];
    for (const job of this.jobs(alert.alert_id, due.peak, due.handed.members, due.escalated)) if (!(await settled(job.jobId))) jobs.push(job);
    await this.add(jobs);
    this.remember(alert.alert_id, due.handed);
    return jobs.length;
  }

  /** What is due for an alert: nothing when it was handed over at this peak and with these members. */
  private due(alert: Alert): { peak: Severity; handed: HandedOver; escalated: boolean } | undefined {
    const peak = peakSeverity(alert);
    const handed = { rank: severityRank(peak), members: membersDigest(alert) };
    const before = this.handedOver.get(alert.alert_id);
    const escalated = !before || handed.rank > before.rank;
    if (!escalated && handed.members === before.members) return undefined;
    return { peak, handed, escalated };
  }

  /** Evaluation on every hand-over; notification only for news (new or escalated), not for new members. */
  private jobs(alertId: string, severity: Severity, members: string | undefined, notify: boolean): HandOverJob[] {
    const jobs: HandOverJob[] = [];
    const reaches = (from: Severity | null) => from !== null && severityRank(severity) >= severityRank(from);
    if (reaches(this.d.evaluateFrom)) {
      const p = { alert_id: alertId, severity, members };
      jobs.push({ jobId: jobIds.evaluate(p), add: (jobId) => this.d.evaluate.add(p, { jobId }) });
    }
    if (notify && reaches(this.d.notifyFrom)) {
      for (const target of this.d.targets) {
        const p = { alert_id: alertId, severity, target: target.id };
        jobs.push({ jobId: jobIds.notify(p), add: (jobId) => this.d.notify.add(p, { jobId }) });
      }
    }
    return jobs;
  }

  private async add(jobs: readonly HandOverJob[]): Promise<void> {
    await Promise.all(jobs.map((j) => j.add(j.jobId)));
  }

  private remember(alertId: string, handed: HandedOver): void {
    this.handedOver.delete(alertId);
    this.handedOver.set(alertId, handed);
    if (this.handedOver.size > REMEMBERED) this.handedOver.delete(this.handedOver.keys().next().value!);
  }
}
